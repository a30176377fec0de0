import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles, Theme } from '@material-ui/core/styles';
import type {
  BurnRateRow,
  BurnRateState,
} from '@lambda-ops/backstage-plugin-common';
import { formatBurnRate } from '../../slo/format';
import { SeverityChip } from '../StatusChip';

// A fixed sheet name keeps `firingRow` in the row's class name, which tests assert on.
const useStyles = makeStyles(
  (theme: Theme) => ({
    firingRow: {
      backgroundColor: alpha(theme.palette.error.main, 0.12),
      '& td': {
        fontWeight: 700,
      },
      '& td:first-child': {
        boxShadow: `inset 4px 0 0 ${theme.palette.error.main}`,
      },
    },
    over: {
      color: theme.palette.error.main,
      fontWeight: 700,
    },
    firing: {
      color: theme.palette.error.main,
      fontWeight: 700,
    },
    noDataRow: {
      '& td': {
        color: theme.palette.text.secondary,
      },
    },
    insufficientTrafficRow: {
      '& td': {
        color: theme.palette.text.secondary,
      },
    },
    reason: {
      display: 'block',
      whiteSpace: 'normal',
      ...theme.typography.caption,
    },
    scroll: {
      overflowX: 'auto',
    },
    table: {
      '& th, & td': {
        whiteSpace: 'nowrap',
      },
      '& caption': {
        whiteSpace: 'normal',
      },
    },
  }),
  { name: 'LambdaOpsBurnRateTable' },
);

const STATE_LABELS: Record<BurnRateState, string> = {
  firing: 'Firing',
  'not-firing': 'No',
  'no-data': 'No data',
};

/**
 * The multiwindow, multi-burn-rate rows of one SLO: Page or Ticket, the windows,
 * the threshold and the long / short burn rates ("–" when a window holds no
 * published data). A row fires only when both its long and its short window burn
 * faster than its threshold; a firing row is tinted red and bold, and a row that
 * cannot tell says "No data", greyed, rather than "No". A row whose long window held too
 * few requests to judge is greyed too, its rates not flagged, with the reply's reason.
 */
export function BurnRateTable(props: { rows: BurnRateRow[]; labelId: string }) {
  const { rows, labelId } = props;
  const classes = useStyles();
  const rowClasses: Record<BurnRateState, string | undefined> = {
    firing: classes.firingRow,
    'no-data': classes.noDataRow,
    'not-firing': undefined,
  };

  const rate = (row: BurnRateRow, value: number | null) => (
    <span
      className={
        value !== null && value > row.threshold && !row.insufficientTraffic
          ? classes.over
          : undefined
      }
    >
      {formatBurnRate(value)}
    </span>
  );

  return (
    <>
      <Typography variant="subtitle2" component="h4" id={labelId}>
        Burn rates
      </Typography>
      <div className={classes.scroll}>
        <Table size="small" aria-labelledby={labelId} className={classes.table}>
          <caption>
            Windows and burn rates read long / short. A row fires when both burn
            rates exceed its threshold; it has no data while a window holds no
            published data, and cannot fire while its long window holds too few
            requests to judge.
          </caption>
          <TableHead>
            <TableRow>
              <TableCell>Severity</TableCell>
              <TableCell>Windows</TableCell>
              <TableCell align="right">Threshold</TableCell>
              <TableCell align="right">Burn rate</TableCell>
              <TableCell>Firing</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(row => {
              const state = stateOf(row);
              return (
                <TableRow
                  key={`${row.severity}-${row.longWindow}-${row.shortWindow}`}
                  className={
                    row.insufficientTraffic
                      ? classes.insufficientTrafficRow
                      : rowClasses[state]
                  }
                >
                  <TableCell>
                    <SeverityChip severity={row.severity} />
                  </TableCell>
                  <TableCell>
                    {row.longWindow} / {row.shortWindow}
                  </TableCell>
                  <TableCell align="right">
                    {formatBurnRate(row.threshold)}
                  </TableCell>
                  <TableCell align="right">
                    {rate(row, row.long)} / {rate(row, row.short)}
                  </TableCell>
                  <TableCell>
                    <span
                      className={
                        state === 'firing' ? classes.firing : undefined
                      }
                    >
                      {STATE_LABELS[state]}
                    </span>
                    {row.message && (
                      <span className={classes.reason}>{row.message}</span>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
    </>
  );
}

/** A reply from an older backend has no `state`; its `firing` still says enough. */
function stateOf(row: BurnRateRow): BurnRateState {
  return row.state ?? (row.firing ? 'firing' : 'not-firing');
}
