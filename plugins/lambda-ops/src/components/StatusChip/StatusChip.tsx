import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type {
  AlertSeverity,
  SloStatus,
} from '@lambda-ops/backstage-plugin-common';

/** The words shown for each SLO status. */
export const STATUS_LABELS: Record<SloStatus, string> = {
  ok: 'OK',
  warning: 'Warning',
  breached: 'Breached',
  page: 'Page',
  'no-data': 'No data',
};

/** The words shown for each alert severity. */
export const SEVERITY_LABELS: Record<AlertSeverity, string> = {
  page: 'Page',
  ticket: 'Ticket',
};

type Tone = 'success' | 'warning' | 'error' | 'critical' | 'neutral';

const useStyles = makeStyles((theme: Theme) => {
  const filled = (background: string) => ({
    backgroundColor: background,
    color: theme.palette.getContrastText(background),
  });
  return {
    success: filled(theme.palette.success.main),
    warning: filled(theme.palette.warning.main),
    error: filled(theme.palette.error.main),
    critical: { ...filled(theme.palette.error.dark), fontWeight: 700 },
    neutral: filled(theme.palette.grey[500]),
    visuallyHidden: {
      position: 'absolute',
      width: 1,
      height: 1,
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
  };
});

const STATUS_TONES: Record<SloStatus, Tone> = {
  ok: 'success',
  warning: 'warning',
  breached: 'error',
  page: 'critical',
  'no-data': 'neutral',
};

const SEVERITY_TONES: Record<AlertSeverity, Tone> = {
  page: 'critical',
  ticket: 'warning',
};

/** The status of an SLO as a coloured chip: OK green, Warning amber, Breached and Page red, No data grey. */
export function StatusChip(props: { status: SloStatus }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      className={classes[STATUS_TONES[props.status]]}
      label={
        <>
          <span className={classes.visuallyHidden}>Status: </span>
          {STATUS_LABELS[props.status]}
        </>
      }
    />
  );
}

/** Page (red) or Ticket (amber). */
export function SeverityChip(props: { severity: AlertSeverity }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      className={classes[SEVERITY_TONES[props.severity]]}
      label={SEVERITY_LABELS[props.severity]}
    />
  );
}
