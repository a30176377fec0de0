import type { FleetStatus } from '@lambda-ops/backstage-plugin-common';
import { STATUS_TONES } from './tones';
import { ToneChip } from './ToneChip';

/** The words shown for each status (an SLO's, or an entity's in the fleet views). */
export const STATUS_LABELS: Record<FleetStatus, string> = {
  ok: 'OK',
  warning: 'Warning',
  breached: 'Breached',
  page: 'Page',
  unknown: 'Unknown',
  'no-data': 'No data',
};

/**
 * The status of an SLO or an entity as a coloured chip: OK green, Warning amber,
 * Breached red, Page dark red and bold, Unknown and No data grey. Screen readers hear
 * "Status: Page".
 */
export function StatusChip(props: { status: FleetStatus }) {
  return (
    <ToneChip
      tone={STATUS_TONES[props.status]}
      label={STATUS_LABELS[props.status]}
      spokenPrefix="Status: "
    />
  );
}
