import type { SloStatus } from '@lambda-ops/backstage-plugin-common';
import { STATUS_TONES } from './tones';
import { ToneChip } from './ToneChip';

/** The words shown for each SLO status. */
const STATUS_LABELS: Record<SloStatus, string> = {
  ok: 'OK',
  warning: 'Warning',
  breached: 'Breached',
  page: 'Page',
  'no-data': 'No data',
};

/**
 * The status of an SLO as a coloured chip: OK green, Warning amber, Breached red,
 * Page dark red and bold, No data grey. Screen readers hear "Status: Page".
 */
export function StatusChip(props: { status: SloStatus }) {
  return (
    <ToneChip
      tone={STATUS_TONES[props.status]}
      label={STATUS_LABELS[props.status]}
      spokenPrefix="Status: "
    />
  );
}
