import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { Link as RouterLink } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  linkSection,
  type OnCallRow,
} from '@lambda-ops/backstage-plugin-common';
import { formatSince } from '../../alarms/alarms';
import { useOperationsTabLink } from '../../hooks/useOperationsTabLink';
import { isHttpUrl } from '../../runbook/urls';
import { formatBudgetRemaining, formatBurnRate } from '../../slo/format';
import { NO_RUNBOOK_LABEL } from '../AlarmsTable/AlarmRunbookCell';
import { DefectChip, StatusChip } from '../StatusChip';

const useStyles = makeStyles((theme: Theme) => ({
  problem: {
    color: theme.palette.warning.dark,
  },
  firing: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    '& li + li': { marginTop: theme.spacing(0.5) },
  },
  rollback: {
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.error.contrastText,
    fontWeight: 700,
  },
}));

/** A firing page alarm and its runbook (the section, when the link names one). */
function FiringPage(props: { name: string; runbookUrl: string | null }) {
  const { name, runbookUrl } = props;
  if (!isHttpUrl(runbookUrl)) {
    return (
      <>
        {name} <DefectChip label={NO_RUNBOOK_LABEL} />
      </>
    );
  }
  const section = linkSection(runbookUrl);
  return (
    <>
      {name}{' '}
      <Link href={runbookUrl} target="_blank" rel="noopener noreferrer">
        {section ? `Runbook #${section}` : 'Runbook'}
      </Link>
    </>
  );
}

function LastDeploy(props: { row: OnCallRow; now?: number }) {
  const classes = useStyles();
  const deploy = props.row.lastDeploy;
  if (!deploy) {
    return <>None recorded</>;
  }
  const what = [deploy.env, deploy.gitSha?.slice(0, 7)]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      <span title={deploy.ts}>{formatSince(deploy.ts, props.now)}</span>
      {what && (
        <Typography variant="caption" color="textSecondary" display="block">
          {what}
        </Typography>
      )}
      {deploy.rollbackCandidate && (
        <Chip
          size="small"
          className={classes.rollback}
          label="Roll back first"
          title="Deployed shortly before the burn that pages: roll back first"
        />
      )}
    </>
  );
}

/**
 * On-call rows as a table, in the order given (the backend ranks them worst first).
 * Each entity links to its Operations tab; its problems (why its data is unknown,
 * what is misconfigured) show under its name. `compact` leaves out the owner, tickets
 * and deploy columns, for cards.
 */
export function OnCallTable(props: {
  rows: OnCallRow[];
  compact?: boolean;
  now?: number;
}) {
  const { rows, compact = false, now } = props;
  const classes = useStyles();
  const operationsTab = useOperationsTabLink();
  return (
    <Table size="small" aria-label="On-call services, worst first">
      <TableHead>
        <TableRow>
          <TableCell>Status</TableCell>
          <TableCell>Service</TableCell>
          {!compact && <TableCell>Owner</TableCell>}
          <TableCell>Firing pages</TableCell>
          {!compact && <TableCell align="right">Tickets</TableCell>}
          <TableCell align="right">Budget remaining</TableCell>
          <TableCell align="right">Burn rate (1 h)</TableCell>
          {!compact && <TableCell>Last deploy</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.entityRef}>
            <TableCell>
              <StatusChip status={row.status} />
            </TableCell>
            <TableCell>
              <RouterLink to={operationsTab(row.entityRef)}>
                {row.title}
              </RouterLink>
              {row.problems.map(problem => (
                <Typography
                  key={`${problem.code}:${problem.message}`}
                  variant="caption"
                  display="block"
                  className={classes.problem}
                >
                  {problem.message}
                </Typography>
              ))}
            </TableCell>
            {!compact && (
              <TableCell>
                <EntityRefLink entityRef={row.owner} defaultKind="group" />
              </TableCell>
            )}
            <TableCell>
              {row.firingPages.length === 0 ? (
                'None'
              ) : (
                <ul className={classes.firing}>
                  {row.firingPages.map(page => (
                    <li key={page.name}>
                      <FiringPage {...page} />
                    </li>
                  ))}
                </ul>
              )}
            </TableCell>
            {!compact && (
              <TableCell align="right">{row.firingTickets}</TableCell>
            )}
            <TableCell align="right">
              {formatBudgetRemaining(row.budgetRemaining)}
            </TableCell>
            <TableCell align="right">
              {row.burnRate1h === null
                ? 'No data'
                : `${formatBurnRate(row.burnRate1h)}×`}
            </TableCell>
            {!compact && (
              <TableCell>
                <LastDeploy row={row} now={now} />
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
