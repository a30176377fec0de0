import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { countAlarms, isFiring } from '@lambda-ops/backstage-plugin-common';
import type { Alarm } from '@lambda-ops/backstage-plugin-common';
import { formatAlarmCounts, formatSince } from '../../alarms/alarms';
import { DefectChip, SeverityChip, Tone, ToneChip } from '../StatusChip';
import { AlarmRunbookCell } from './AlarmRunbookCell';

const STATE_CHIPS: Record<Alarm['state'], { tone: Tone; label: string }> = {
  ALARM: { tone: 'error', label: 'ALARM' },
  OK: { tone: 'success', label: 'OK' },
  INSUFFICIENT_DATA: { tone: 'neutral', label: 'Insufficient data' },
};

/** Said on hover and focus of the Unclassified chip: how to fix it. */
export const UNCLASSIFIED_TOOLTIP =
  'Neither Page nor Ticket: tag the alarm severity=page|ticket';

// A fixed sheet name keeps `firingRow` in the row's class name, which tests assert on.
const useStyles = makeStyles(
  (theme: Theme) => ({
    summary: {
      margin: theme.spacing(1, 0, 2),
    },
    scroll: {
      overflowX: 'auto',
    },
    table: {
      '& th': {
        whiteSpace: 'nowrap',
      },
      '& td': {
        verticalAlign: 'top',
      },
    },
    firingRow: {
      // Tripled to outrank the theme's striping of odd rows (`:nth-of-type(odd)`).
      '&&&': {
        backgroundColor: alpha(theme.palette.error.main, 0.08),
      },
      '& td:first-child': {
        boxShadow: `inset 4px 0 0 ${theme.palette.error.main}`,
      },
    },
    nameCell: {
      minWidth: 200,
    },
    name: {
      fontWeight: 500,
      wordBreak: 'break-word',
    },
    metricCell: {
      maxWidth: 320,
    },
    metric: {
      fontFamily: 'monospace',
      wordBreak: 'break-word',
    },
    nowrap: {
      whiteSpace: 'nowrap',
    },
  }),
  { name: 'LambdaOpsAlarmsTable' },
);

/** "Composite alarm", "Metric math", or nothing for an alarm on one metric. */
function typeHint(alarm: Alarm): string | null {
  if (alarm.type === 'composite') {
    return 'Composite alarm';
  }
  return alarm.kind === 'metric-math' ? 'Metric math' : null;
}

function SeverityCell(props: { alarm: Alarm }) {
  const { severity, severitySource } = props.alarm;
  if (severity === 'unclassified') {
    return <DefectChip label="Unclassified" tooltip={UNCLASSIFIED_TOOLTIP} />;
  }
  return (
    <>
      <SeverityChip severity={severity} />
      {severitySource === 'name' && (
        <Typography variant="caption" color="textSecondary" display="block">
          by name
        </Typography>
      )}
    </>
  );
}

/** Props of {@link AlarmsTable}. */
export interface AlarmsTableProps {
  /** In the backend's order: firing pages first. */
  alarms: Alarm[];
  /** The entity's runbook (`runbook.url`): links into it open in the runbook panel. */
  runbookUrl: string | null;
  /** Shows a section (a fragment, or null for the top) of the runbook panel. */
  onOpenRunbook?: (section: string | null) => void;
  /** For tests: the moment "35 min ago" counts from. */
  now?: number;
}

/**
 * What is alerting, whether it pages or opens a ticket, and where its runbook is:
 * one row per CloudWatch alarm of the entity's functions, in the backend's order
 * (firing pages first). An alarm that is neither Page nor Ticket, or has no
 * runbook, is noise and shows a defect chip.
 */
export function AlarmsTable(props: AlarmsTableProps) {
  const { alarms, runbookUrl, onOpenRunbook, now } = props;
  const classes = useStyles();
  const headingId = 'lambda-ops-alarms-heading';

  return (
    <section aria-labelledby={headingId}>
      <Typography variant="h5" component="h2" id={headingId}>
        Alarms
      </Typography>
      {alarms.length === 0 ? (
        <Alert severity="info" className={classes.summary}>
          <AlertTitle>
            No CloudWatch alarms found for these functions
          </AlertTitle>
          The Alarms as code section below generates them: a Page and a Ticket
          alarm, each with its severity and a link to the runbook.
        </Alert>
      ) : (
        <>
          <Typography variant="body1" className={classes.summary}>
            {formatAlarmCounts(countAlarms(alarms))}
          </Typography>
          <Paper variant="outlined" className={classes.scroll}>
            <Table
              size="small"
              aria-labelledby={headingId}
              className={classes.table}
            >
              <TableHead>
                <TableRow>
                  <TableCell>State</TableCell>
                  <TableCell>Severity</TableCell>
                  <TableCell>Alarm</TableCell>
                  <TableCell>Metric</TableCell>
                  <TableCell>Since</TableCell>
                  <TableCell>Runbook</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {alarms.map(alarm => {
                  const hint = typeHint(alarm);
                  const state = STATE_CHIPS[alarm.state] ?? {
                    tone: 'neutral',
                    label: alarm.state,
                  };
                  return (
                    <TableRow
                      key={alarm.arn}
                      className={
                        isFiring(alarm) ? classes.firingRow : undefined
                      }
                    >
                      <TableCell className={classes.nowrap}>
                        <ToneChip tone={state.tone} label={state.label} />
                      </TableCell>
                      <TableCell className={classes.nowrap}>
                        <SeverityCell alarm={alarm} />
                      </TableCell>
                      <TableCell className={classes.nameCell}>
                        <span className={classes.name} title={alarm.arn}>
                          {alarm.name}
                        </span>
                        {hint && (
                          <Typography
                            variant="caption"
                            color="textSecondary"
                            display="block"
                          >
                            {hint}
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell className={classes.metricCell}>
                        <span className={classes.metric}>
                          {alarm.metric ?? '–'}
                        </span>
                      </TableCell>
                      <TableCell className={classes.nowrap}>
                        {alarm.stateSince ? (
                          <time
                            dateTime={alarm.stateSince}
                            title={alarm.stateSince}
                          >
                            {formatSince(alarm.stateSince, now)}
                          </time>
                        ) : (
                          '–'
                        )}
                      </TableCell>
                      <TableCell>
                        <AlarmRunbookCell
                          alarm={alarm}
                          runbookUrl={runbookUrl}
                          onOpenRunbook={onOpenRunbook}
                        />
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Paper>
        </>
      )}
    </section>
  );
}
