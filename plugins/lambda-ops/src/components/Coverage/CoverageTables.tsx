import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { Link as RouterLink } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  CoverageResponse,
  LambdaOpsApiSchemas,
} from '@lambda-ops/backstage-plugin-common';
import { useOperationsTabLink } from '../../hooks/useOperationsTabLink';
import { formatPercentShort } from '../../slo/format';

type CoverageResult = LambdaOpsApiSchemas['CoverageResult'];

const useStyles = makeStyles((theme: Theme) => ({
  pass: { color: theme.palette.success.dark },
  fail: { color: theme.palette.error.main, fontWeight: 500 },
  notApplicable: { color: theme.palette.text.secondary },
  reason: { display: 'block', maxWidth: 260 },
}));

/** A score as a percentage; a score of nothing (every check n/a) as "n/a". */
export function formatScore(score: number | null): string {
  return score === null ? 'n/a' : formatPercentShort(score);
}

/** One check's result: Pass, n/a, or Fail with the reason, which names the fix. */
function ResultCell(props: { result: CoverageResult | undefined }) {
  const classes = useStyles();
  const result = props.result;
  if (!result) {
    return <TableCell>–</TableCell>;
  }
  if (result.result === 'fail') {
    return (
      <TableCell>
        <span className={classes.fail}>Fail</span>
        <Typography variant="caption" className={classes.reason}>
          {result.reason}
        </Typography>
      </TableCell>
    );
  }
  return (
    <TableCell
      title={result.reason}
      className={
        result.result === 'pass' ? classes.pass : classes.notApplicable
      }
    >
      {result.result === 'pass' ? 'Pass' : 'n/a'}
    </TableCell>
  );
}

/** Owners in the order given (the backend puts the worst first), with their failing counts. */
export function CoverageOwnersTable(props: {
  checks: CoverageResponse['checks'];
  owners: CoverageResponse['owners'];
}) {
  const { checks, owners } = props;
  return (
    <Table size="small" aria-label="Coverage by owner, worst first">
      <TableHead>
        <TableRow>
          <TableCell>Owner</TableCell>
          <TableCell align="right">Entities</TableCell>
          <TableCell align="right">Score</TableCell>
          {checks.map(check => (
            <TableCell key={check.id} align="right" title={check.description}>
              {check.title}: failing
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {owners.map(owner => (
          <TableRow key={owner.owner}>
            <TableCell>
              <EntityRefLink entityRef={owner.owner} defaultKind="group" />
            </TableCell>
            <TableCell align="right">{owner.entities}</TableCell>
            <TableCell align="right">{formatScore(owner.score)}</TableCell>
            {checks.map(check => (
              <TableCell key={check.id} align="right">
                {owner.failing[check.id] ?? 0}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Entities in the order given, a column per check with the reason for each failure.
 * Each entity links to its Operations tab.
 */
export function CoverageEntitiesTable(props: {
  checks: CoverageResponse['checks'];
  entities: CoverageResponse['entities'];
  showOwner?: boolean;
}) {
  const { checks, entities, showOwner = true } = props;
  const operationsTab = useOperationsTabLink();
  return (
    <Table size="small" aria-label="Coverage by entity">
      <TableHead>
        <TableRow>
          <TableCell>Entity</TableCell>
          {showOwner && <TableCell>Owner</TableCell>}
          <TableCell align="right">Score</TableCell>
          {checks.map(check => (
            <TableCell key={check.id} title={check.description}>
              {check.title}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {entities.map(entity => (
          <TableRow key={entity.entityRef}>
            <TableCell>
              <RouterLink to={operationsTab(entity.entityRef)}>
                {entity.entityRef}
              </RouterLink>
            </TableCell>
            {showOwner && (
              <TableCell>
                <EntityRefLink entityRef={entity.owner} defaultKind="group" />
              </TableCell>
            )}
            <TableCell align="right">{formatScore(entity.score)}</TableCell>
            {checks.map(check => (
              <ResultCell key={check.id} result={entity.checks[check.id]} />
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
