import type { AlertSeverity } from '@lambda-ops/backstage-plugin-common';
import { SEVERITY_TONES } from './tones';
import { ToneChip } from './ToneChip';

/** The words shown for each alert severity. */
const SEVERITY_LABELS: Record<AlertSeverity, string> = {
  page: 'Page',
  ticket: 'Ticket',
};

/** An alert severity as a chip: Page dark red, Ticket amber. */
export function SeverityChip(props: { severity: AlertSeverity }) {
  return (
    <ToneChip
      tone={SEVERITY_TONES[props.severity]}
      label={SEVERITY_LABELS[props.severity]}
    />
  );
}
