import type { Theme } from '@material-ui/core/styles';
import type {
  AlertSeverity,
  FleetStatus,
} from '@lambda-ops/backstage-plugin-common';

/**
 * The colours status is drawn in. Breached and Page are both red; Page is the darker,
 * bolder one because it means someone is woken up.
 */
export type Tone = 'success' | 'warning' | 'error' | 'critical' | 'neutral';

/** Every tone, for style sheets that need one class per tone. */
const TONES: readonly Tone[] = [
  'success',
  'warning',
  'error',
  'critical',
  'neutral',
];

/**
 * OK green, Warning amber, Breached red, Page dark red, No data grey. Unknown (the
 * fleet views' word for an entity whose AWS data could not be read) is grey too: its
 * label and the row's problem say why.
 */
export const STATUS_TONES: Record<FleetStatus, Tone> = {
  ok: 'success',
  warning: 'warning',
  breached: 'error',
  page: 'critical',
  unknown: 'neutral',
  'no-data': 'neutral',
};

/** Page red, Ticket amber: the same colours as the statuses they lead to. */
export const SEVERITY_TONES: Record<AlertSeverity, Tone> = {
  page: 'critical',
  ticket: 'warning',
};

/** The theme colour of a tone. */
function toneColor(theme: Theme, tone: Tone): string {
  switch (tone) {
    case 'success':
      return theme.palette.success.main;
    case 'warning':
      return theme.palette.warning.main;
    case 'error':
      return theme.palette.error.main;
    case 'critical':
      return theme.palette.error.dark;
    default:
      return theme.palette.grey[500];
  }
}

/** One style rule per tone, built from its colour. */
export function toneRules<T>(
  theme: Theme,
  rule: (color: string, tone: Tone) => T,
): Record<Tone, T> {
  return Object.fromEntries(
    TONES.map(tone => [tone, rule(toneColor(theme, tone), tone)]),
  ) as Record<Tone, T>;
}
