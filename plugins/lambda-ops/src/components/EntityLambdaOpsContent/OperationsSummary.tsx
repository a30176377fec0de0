import { MouseEvent, useCallback, useState } from 'react';
import Grid from '@material-ui/core/Grid';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { Entity } from '@backstage/catalog-model';
import type {
  LambdaFunctionRef,
  OperationsResponse,
  Problem,
  SloPattern,
} from '@lambda-ops/backstage-plugin-common';
import type { RunbookRequest } from '../../hooks/useRunbook';
import { isPlainClick } from '../../runbook/isPlainClick';
import { AfterFirstPaint } from '../AfterFirstPaint';
import { AlarmsAsCode } from '../AlarmsAsCode';
import { AlarmsTable } from '../AlarmsTable';
import { ChangeTimeline } from '../ChangeTimeline';
import { NoSlosEmptyState } from '../NoSlosEmptyState';
import { RollbackBanner } from '../RollbackBanner';
import { RUNBOOK_PANEL_ID, RunbookPanel, RunbookTarget } from '../RunbookPanel';
import { SloCard } from '../SloCard';
import { TriageChecklist } from '../TriageChecklist';

const PATTERN_LABELS: Record<SloPattern, string> = {
  api: 'api (synchronous)',
  async: 'async (queues, events, streams)',
  batch: 'batch (scheduled jobs)',
};

/** `orders-api:PROD (us-east-1)`, the way Lambda writes a qualified function name. */
function functionLabel(fn: LambdaFunctionRef): string {
  const name = fn.qualifier ? `${fn.name}:${fn.qualifier}` : fn.name;
  const where = fn.accountId
    ? `${fn.region}, account ${fn.accountId}`
    : fn.region;
  return `${name} (${where})`;
}

function OperationsHeader(props: {
  operations: OperationsResponse;
  onOpenRunbook: (section: string | null) => void;
}) {
  const { pattern, functions, generatedAt, runbook } = props.operations;
  return (
    <>
      <Typography variant="body1">
        <strong>Pattern:</strong> {PATTERN_LABELS[pattern] ?? pattern} ·{' '}
        <strong>Functions:</strong>{' '}
        {functions.length === 0
          ? 'none resolved'
          : functions.map((fn, index) => (
              <span
                key={`${fn.accountId}/${fn.region}/${fn.name}:${fn.qualifier}`}
              >
                {index > 0 && ', '}
                <span>{functionLabel(fn)}</span>
              </span>
            ))}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Data as of <time dateTime={generatedAt}>{generatedAt}</time>
        {runbook && (
          <>
            {' · '}
            <Link
              href={`#${RUNBOOK_PANEL_ID}`}
              onClick={(event: MouseEvent) => {
                if (isPlainClick(event)) {
                  event.preventDefault();
                  props.onOpenRunbook(null);
                }
              }}
            >
              Runbook
            </Link>
          </>
        )}
      </Typography>
    </>
  );
}

function ProblemList(props: { problems: Problem[] }) {
  return (
    <Alert severity="warning">
      <AlertTitle>Problems</AlertTitle>
      <ul>
        {props.problems.map((problem, index) => (
          <li key={index}>{problem.message}</li>
        ))}
      </ul>
    </Alert>
  );
}

/**
 * The Operations tab once the reply is in, in the order an on-call engineer reads
 * it: whether to roll back first, what is monitored, whether the figures are fresh
 * (not from the cache, CloudWatch not behind), what needs fixing, the triage when
 * something fires, the alarms, what changed, one card per SLO, the runbook, and the
 * alarms as code. What comes after the alarms renders once they are on the page.
 */
export function OperationsSummary(props: {
  operations: OperationsResponse;
  entity: Entity;
  /** The runbook, asked for beside the operations. */
  runbookRequest: RunbookRequest;
}) {
  const { operations, entity, runbookRequest } = props;
  const {
    slos,
    problems,
    stale,
    generatedAt,
    alarms,
    triage,
    runbook,
    // A reply from an older backend may lack these; the tab still works without.
    deployMarkers = [],
    rollback = null,
    dataLag = null,
    staleCause = null,
  } = operations;
  const [runbookTarget, setRunbookTarget] = useState<RunbookTarget | null>(
    null,
  );
  const openRunbook = useCallback(
    (section: string | null) =>
      setRunbookTarget(previous => ({
        section,
        seq: (previous?.seq ?? 0) + 1,
      })),
    [],
  );

  return (
    <Grid container spacing={3}>
      {rollback && (
        <Grid item xs={12}>
          <RollbackBanner
            rollback={rollback}
            changeListed={deployMarkers.some(
              marker => marker.id === rollback.deployMarkerId,
            )}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <OperationsHeader operations={operations} onOpenRunbook={openRunbook} />
      </Grid>
      {stale && (
        <Grid item xs={12}>
          <Alert severity="warning">
            <AlertTitle>Stale data</AlertTitle>
            {staleCause
              ? `${staleCause.message}; these figures come from the cache`
              : 'AWS could not be read, so these figures come from the cache'}{' '}
            (as of {generatedAt}). Recent changes may be missing.
          </Alert>
        </Grid>
      )}
      {dataLag && (
        <Grid item xs={12}>
          <Alert severity="warning">
            <AlertTitle>
              CloudWatch data is {dataLag.minutes} min behind
            </AlertTitle>
            Its newest datapoint ends at{' '}
            <time dateTime={dataLag.newestData}>{dataLag.newestData}</time>,
            later than CloudWatch usually publishes. Burn rates over windows
            without published data show No data until it arrives.
          </Alert>
        </Grid>
      )}
      {problems.length > 0 && (
        <Grid item xs={12}>
          <ProblemList problems={problems} />
        </Grid>
      )}
      {triage.length > 0 && (
        <Grid item xs={12}>
          {/* The rollback banner already says a deploy came first: not twice. */}
          <TriageChecklist checks={triage} deployBanner={!rollback} />
        </Grid>
      )}
      <Grid item xs={12}>
        <AlarmsTable
          alarms={alarms}
          runbookUrl={runbook?.url ?? null}
          onOpenRunbook={runbook ? openRunbook : undefined}
        />
      </Grid>
      {/* Under the alarms: rendered once the alarms are on the page. */}
      <AfterFirstPaint>
        <Grid item xs={12}>
          <ChangeTimeline
            markers={deployMarkers}
            highlightId={rollback?.deployMarkerId ?? null}
          />
        </Grid>
        <Grid item xs={12}>
          <Typography variant="h5" component="h2">
            Service level objectives
          </Typography>
        </Grid>
        {slos.length === 0 ? (
          <Grid item xs={12}>
            <NoSlosEmptyState hasProblems={problems.length > 0} />
          </Grid>
        ) : (
          slos.map(slo => (
            <Grid item xs={12} lg={6} key={slo.id}>
              <SloCard slo={slo} deployMarkers={deployMarkers} />
            </Grid>
          ))
        )}
        <Grid item xs={12}>
          <RunbookPanel
            request={runbookRequest}
            runbook={runbook}
            target={runbookTarget}
          />
        </Grid>
        <Grid item xs={12}>
          <AlarmsAsCode entity={entity} />
        </Grid>
      </AfterFirstPaint>
    </Grid>
  );
}
