import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { Link as RouterLink } from '@backstage/core-components';
import type {
  SloMonthVerdict,
  SloReviewMonth,
  SloReviewResponse,
} from '@lambda-ops/backstage-plugin-common';
import { useOperationsTabLink } from '../../hooks/useOperationsTabLink';
import {
  formatAttainment,
  formatPercentShort,
  formatTarget,
} from '../../slo/format';

const VERDICT_LABELS: Record<SloMonthVerdict, string> = {
  met: 'Met',
  missed: 'Missed',
  'never-burning': 'Never burning',
  'no-data': 'No data',
};

const useStyles = makeStyles((theme: Theme) => ({
  met: { color: theme.palette.success.dark },
  missed: { color: theme.palette.error.main, fontWeight: 500 },
  neverBurning: { color: theme.palette.warning.dark, fontWeight: 500 },
  noData: { color: theme.palette.text.secondary },
  detail: { display: 'block', maxWidth: 280 },
  list: { margin: 0, paddingLeft: theme.spacing(2) },
}));

/** A UTC time to the minute, as the review's months are UTC: `2026-10-12 10:40`. */
function utcMinute(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** One month of one SLO: the verdict, the figures, and for a miss what happened then. */
function MonthCell(props: { month: SloReviewMonth; target: number }) {
  const classes = useStyles();
  const { month, target } = props;
  const verdictClass = {
    met: classes.met,
    missed: classes.missed,
    'never-burning': classes.neverBurning,
    'no-data': classes.noData,
  }[month.verdict];
  return (
    <TableCell title={month.hint ?? undefined}>
      <span className={verdictClass}>{VERDICT_LABELS[month.verdict]}</span>
      {month.attainment !== null && (
        <Typography variant="caption" className={classes.detail}>
          {formatAttainment(month.attainment, target)}
          {month.budgetConsumed !== null &&
            `, ${formatPercentShort(month.budgetConsumed)} of budget`}
        </Typography>
      )}
      {month.hint && (
        <Typography variant="caption" className={classes.detail}>
          {month.hint}
        </Typography>
      )}
      {month.deploys.length > 0 && (
        <ul className={classes.list} aria-label={`Deploys in ${month.month}`}>
          {month.deploys.map(deploy => (
            <li key={`${deploy.ts} ${deploy.gitSha}`}>
              <Typography variant="caption">
                {utcMinute(deploy.ts)} {deploy.env ? `${deploy.env}: ` : ''}
                {deploy.changeSummary}
              </Typography>
            </li>
          ))}
        </ul>
      )}
      {month.incidents.length > 0 && (
        <ul className={classes.list} aria-label={`Incidents in ${month.month}`}>
          {month.incidents.map(incident => (
            <li key={`${incident.alarmName} ${incident.start}`}>
              <Typography variant="caption">
                Paged: {incident.alarmName}, {utcMinute(incident.start)} to{' '}
                {incident.end === null ? 'ongoing' : utcMinute(incident.end)}
                {' · '}
                {incident.runbookUrl ? (
                  <Link
                    href={incident.runbookUrl}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    runbook
                  </Link>
                ) : (
                  'no runbook'
                )}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </TableCell>
  );
}

/**
 * One row per entity and SLO in the reply's order, a column per month (oldest first) with
 * its verdict as the reply gives it. Each entity links to its Operations tab.
 */
export function SloReviewTable(props: {
  months: SloReviewResponse['months'];
  rows: SloReviewResponse['rows'];
}) {
  const { months, rows } = props;
  const operationsTab = useOperationsTabLink();
  return (
    <Table size="small" aria-label="SLO review by month">
      <TableHead>
        <TableRow>
          <TableCell>Entity</TableCell>
          <TableCell>SLO</TableCell>
          <TableCell align="right">Target</TableCell>
          {months.map(month => (
            <TableCell key={month}>{month}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={`${row.entityRef} ${row.sloId}`}>
            <TableCell>
              <RouterLink to={operationsTab(row.entityRef)}>
                {row.title}
              </RouterLink>
            </TableCell>
            <TableCell>{row.sloId}</TableCell>
            <TableCell align="right">{formatTarget(row.target)}</TableCell>
            {row.months.map(month => (
              <MonthCell key={month.month} month={month} target={row.target} />
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
