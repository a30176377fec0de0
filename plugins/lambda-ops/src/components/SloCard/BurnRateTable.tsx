import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles, Theme } from '@material-ui/core/styles';
import type { BurnRateRow } from '@lambda-ops/backstage-plugin-common';
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

/**
 * The multiwindow, multi-burn-rate rows of one SLO: Page or Ticket, the windows,
 * the threshold and the long / short burn rates ("–" when a window had no
 * traffic). A row fires only when both its long and its short window burn faster
 * than its threshold; a firing row is tinted red and bold.
 */
export function BurnRateTable(props: { rows: BurnRateRow[]; labelId: string }) {
  const { rows, labelId } = props;
  const classes = useStyles();

  const rate = (value: number | null, threshold: number) => (
    <span
      className={value !== null && value > threshold ? classes.over : undefined}
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
            rates exceed its threshold.
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
            {rows.map(row => (
              <TableRow
                key={`${row.severity}-${row.longWindow}-${row.shortWindow}`}
                className={row.firing ? classes.firingRow : undefined}
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
                  {rate(row.long, row.threshold)} /{' '}
                  {rate(row.short, row.threshold)}
                </TableCell>
                <TableCell>
                  {row.firing ? (
                    <span className={classes.firing}>Firing</span>
                  ) : (
                    'No'
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </>
  );
}
