import {
  GetAliasCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  paginateListVersionsByFunction,
} from '@aws-sdk/client-lambda';
import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  Alarm,
  DeployMarker,
  LambdaFunctionRef,
  LambdaOpsEntitySettings,
  RollbackHint,
  Slo,
  TriageCheck,
} from '@lambda-ops/backstage-plugin-common';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
} from './AwsClientFactory';
import {
  lambdaDimensions,
  MetricSeries,
  MetricsService,
  metricsServiceRef,
} from './MetricsService';

const MINUTE_MS = 60_000;
/** The runbook's first question: was there a change in the hour before the alarm? */
const CHANGE_LOOKBACK_MS = 60 * MINUTE_MS;
/** Saturation is judged on the last hour. */
const METRICS_SPAN_MS = 60 * MINUTE_MS;
const DURATION_NEAR_TIMEOUT = 0.8;
const MEMORY_NEAR_SIZE = 0.9;
const CONCURRENCY_NEAR_LIMIT = 0.9;

/** What the Lambda API says about the function, where it could be read. */
interface FunctionFacts {
  timeoutMs?: number;
  memoryMb?: number;
  reservedConcurrency?: number;
  /** For a rollback hint: the alias's version and the one before it. */
  version?: string;
  previousVersion?: string;
  error?: string;
}

function peak(series: MetricSeries | undefined): number | undefined {
  return series && series.values.length > 0
    ? Math.max(...series.values)
    : undefined;
}

function total(series: MetricSeries | undefined): number {
  return series?.values.reduce((sum, value) => sum + value, 0) ?? 0;
}

function minutesBetween(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / MINUTE_MS));
}

/** What the triage of one function found. */
export interface FunctionTriage {
  checks: TriageCheck[];
  rollback: RollbackHint | null;
}

/**
 * Part A of every runbook, done by the machine when an alarm fires or an SLO burns fast
 * enough to page: was there a change in the hour before, do `Duration` and memory
 * saturate, are there throttles, does the dead-letter queue fill. Each check passes, warns
 * or says it cannot tell; a deploy before a page-level burn also gives the rollback hint.
 *
 * @public
 */
export class TriageService {
  readonly #clients: AwsClientFactory;
  readonly #metrics: MetricsService;

  constructor(options: { clients: AwsClientFactory; metrics: MetricsService }) {
    this.#clients = options.clients;
    this.#metrics = options.metrics;
  }

  /**
   * Triage of one function; empty while none of its alarms fires and none of its SLOs
   * pages.
   *
   * @param slos - the function's SLOs, whose `burningSince` marks a page-level burn
   * @param changes - deploy markers and change events of the function, any order
   */
  async triage(
    fn: LambdaFunctionRef,
    settings: LambdaOpsEntitySettings,
    incident: { alarms: Alarm[]; slos: Slo[]; changes: DeployMarker[] },
    now: Date,
  ): Promise<FunctionTriage> {
    const alarmStarts = incident.alarms
      .filter(alarm => alarm.state === 'ALARM')
      .map(alarm =>
        alarm.stateSince ? Date.parse(alarm.stateSince) : now.getTime(),
      );
    const burnStarts = incident.slos
      .filter(slo => slo.burningSince)
      .map(slo => Date.parse(slo.burningSince!));
    if (alarmStarts.length === 0 && burnStarts.length === 0) {
      return { checks: [], rollback: null };
    }
    const [facts, series] = await Promise.all([
      this.#functionFacts(fn),
      this.#saturationMetrics(fn, settings, now),
    ]);
    const label = (text: string) => `${fn.name}: ${text}`;
    const checks = [
      recentChangeCheck(
        fn,
        incident.changes,
        Math.min(...alarmStarts) <= Math.min(...burnStarts)
          ? { at: Math.min(...alarmStarts), what: 'the alarm' }
          : { at: Math.min(...burnStarts), what: 'the burn started' },
        now.getTime(),
        facts,
      ),
      durationCheck(series.get('duration'), facts),
      memoryCheck(series.get('memory'), facts),
      throttleCheck(series.get('throttles'), series.get('concurrency'), facts),
      ...(settings.deadLetterQueue
        ? [dlqCheck(settings.deadLetterQueue.name, series.get('dlq'))]
        : []),
    ].map(check => ({ ...check, message: label(check.message) }));
    return {
      checks,
      rollback:
        burnStarts.length > 0
          ? rollbackHint(fn, incident.changes, Math.min(...burnStarts), facts)
          : null,
    };
  }

  async #saturationMetrics(
    fn: LambdaFunctionRef,
    settings: LambdaOpsEntitySettings,
    now: Date,
  ): Promise<Map<string, MetricSeries>> {
    const dimensions = lambdaDimensions(fn);
    const period = 300;
    const queue = settings.deadLetterQueue;
    const sameLocation =
      queue &&
      (queue.region ?? fn.region) === fn.region &&
      (queue.accountId ?? fn.accountId) === fn.accountId;
    try {
      return await this.#metrics.fetch(
        fn,
        [
          {
            id: 'duration',
            namespace: 'AWS/Lambda',
            metricName: 'Duration',
            dimensions,
            stat: 'p99',
            periodSeconds: period,
          },
          {
            id: 'throttles',
            namespace: 'AWS/Lambda',
            metricName: 'Throttles',
            dimensions,
            stat: 'Sum',
            periodSeconds: period,
          },
          {
            id: 'concurrency',
            namespace: 'AWS/Lambda',
            metricName: 'ConcurrentExecutions',
            dimensions,
            stat: 'Maximum',
            periodSeconds: period,
          },
          // Memory is not an AWS/Lambda metric: Lambda Insights reports it, when enabled.
          {
            id: 'memory',
            namespace: 'LambdaInsights',
            metricName: 'used_memory_max',
            dimensions: { function_name: fn.name },
            stat: 'Maximum',
            periodSeconds: period,
          },
          ...(sameLocation
            ? [
                {
                  id: 'dlq',
                  namespace: 'AWS/SQS',
                  metricName: 'ApproximateNumberOfMessagesVisible',
                  dimensions: { QueueName: queue.name },
                  stat: 'Maximum',
                  periodSeconds: period,
                },
              ]
            : []),
        ],
        { start: new Date(now.getTime() - METRICS_SPAN_MS), end: now },
      );
    } catch {
      // Each check then says it cannot tell, rather than the triage failing whole.
      return new Map();
    }
  }

  async #functionFacts(fn: LambdaFunctionRef): Promise<FunctionFacts> {
    try {
      const client = await this.#clients.lambda(fn);
      const qualifier = fn.qualifier ?? undefined;
      const [configuration, concurrency, versions] = await Promise.all([
        client.send(
          new GetFunctionConfigurationCommand({
            FunctionName: fn.name,
            Qualifier: qualifier,
          }),
        ),
        client.send(
          new GetFunctionConcurrencyCommand({ FunctionName: fn.name }),
        ),
        qualifier
          ? aliasVersions(client, fn.name, qualifier)
          : Promise.resolve({}),
      ]);
      return {
        timeoutMs: (configuration.Timeout ?? 0) * 1000 || undefined,
        memoryMb: configuration.MemorySize,
        reservedConcurrency: concurrency.ReservedConcurrentExecutions,
        ...versions,
      };
    } catch (error) {
      return { error: (error as Error).name ?? 'Error' };
    }
  }
}

/** The alias's version and the newest published version before it. */
async function aliasVersions(
  client: LambdaClient,
  functionName: string,
  alias: string,
): Promise<Pick<FunctionFacts, 'version' | 'previousVersion'>> {
  const { FunctionVersion: version } = await client.send(
    new GetAliasCommand({ FunctionName: functionName, Name: alias }),
  );
  const numbers: number[] = [];
  for await (const page of paginateListVersionsByFunction(
    { client },
    { FunctionName: functionName },
  )) {
    for (const v of page.Versions ?? []) {
      if (v.Version && /^\d+$/.test(v.Version)) {
        numbers.push(Number(v.Version));
      }
    }
  }
  const current = Number(version);
  const previous = numbers.filter(n => n < current).sort((a, b) => b - a)[0];
  return {
    version,
    previousVersion: previous === undefined ? undefined : String(previous),
  };
}

/** The deployment in the hour before `since`, newest first. */
function deploymentBefore(
  changes: DeployMarker[],
  since: number,
  type?: DeployMarker['changeType'],
): DeployMarker | undefined {
  return changes
    .filter(change => {
      const ts = Date.parse(change.ts);
      return (
        ts >= since - CHANGE_LOOKBACK_MS &&
        ts <= since &&
        (type === undefined || change.changeType === type)
      );
    })
    .sort((a, b) => b.ts.localeCompare(a.ts))[0];
}

function rollbackHint(
  fn: LambdaFunctionRef,
  changes: DeployMarker[],
  burnStart: number,
  facts: FunctionFacts,
): RollbackHint | null {
  const deploy = deploymentBefore(changes, burnStart, 'deployment');
  if (!deploy) {
    return null;
  }
  const minutes = minutesBetween(Date.parse(deploy.ts), burnStart);
  const target =
    fn.qualifier && facts.previousVersion
      ? `roll back ${fn.qualifier} to version ${facts.previousVersion} first`
      : 'roll back to the previous version first';
  return {
    message: `${fn.name}: deployed ${minutes} min before the burn started — ${target}`,
    functionName: fn.name,
    deployMarkerId: deploy.id,
    alias: fn.qualifier,
    fromVersion: facts.version ?? null,
    toVersion: facts.previousVersion ?? null,
  };
}

/** When the incident began: the first alarm, or the burn when it came first. */
interface IncidentStart {
  at: number;
  what: 'the alarm' | 'the burn started';
}

function recentChangeCheck(
  fn: LambdaFunctionRef,
  changes: DeployMarker[],
  incident: IncidentStart,
  now: number,
  facts: FunctionFacts,
): TriageCheck {
  const recent = deploymentBefore(changes, incident.at);
  if (!recent) {
    return {
      check: 'recent-deploy',
      result: 'pass',
      message: `no deploy or configuration change in the 60 minutes before ${incident.what}`,
      runbookStep: 'A.2: look for saturation and throttles instead',
    };
  }
  const ts = Date.parse(recent.ts);
  const when = `${minutesBetween(ts, now)} min ago, ${minutesBetween(
    ts,
    incident.at,
  )} min before ${incident.what}`;
  const what = `${recent.changeSummary}${
    recent.actor ? ` by ${recent.actor}` : ''
  }`;
  if (recent.changeType === 'configuration') {
    return {
      check: 'recent-deploy',
      result: 'warn',
      message: `configuration changed ${when} (${what}): revert it first`,
      runbookStep: 'B.1: undo the change, then find out why',
    };
  }
  const rollback =
    fn.qualifier && facts.version && facts.previousVersion
      ? `roll back ${fn.qualifier} from version ${facts.version} to ${facts.previousVersion} first`
      : 'roll back first';
  return {
    check: 'recent-deploy',
    result: 'warn',
    message: `deployed ${when} (${what}): ${rollback}`,
    runbookStep: fn.qualifier
      ? `B.1: aws lambda update-alias --function-name ${fn.name} --name ${
          fn.qualifier
        } --function-version ${facts.previousVersion ?? '<previous>'}`
      : 'B.1: redeploy the previous version',
  };
}

function durationCheck(
  duration: MetricSeries | undefined,
  facts: FunctionFacts,
): TriageCheck {
  const p99 = peak(duration);
  if (p99 === undefined || facts.timeoutMs === undefined) {
    return {
      check: 'duration-near-timeout',
      result: 'unknown',
      message:
        facts.timeoutMs === undefined
          ? `cannot compare Duration with the timeout: the function configuration could not be read${
              facts.error ? ` (${facts.error})` : ''
            }`
          : 'no Duration data in the last hour',
      runbookStep: null,
    };
  }
  const near = p99 >= DURATION_NEAR_TIMEOUT * facts.timeoutMs;
  return {
    check: 'duration-near-timeout',
    result: near ? 'warn' : 'pass',
    message: `p99 Duration peaked at ${(p99 / 1000).toFixed(1)} s of the ${(
      facts.timeoutMs / 1000
    ).toFixed(0)} s timeout in the last hour`,
    runbookStep: near
      ? 'B.2: give it more memory (more CPU); lengthen the timeout only as a stopgap'
      : null,
  };
}

function memoryCheck(
  memory: MetricSeries | undefined,
  facts: FunctionFacts,
): TriageCheck {
  const used = peak(memory);
  if (used === undefined || facts.memoryMb === undefined) {
    return {
      check: 'memory-saturation',
      result: 'unknown',
      message:
        used === undefined
          ? 'memory use unknown: enable Lambda Insights, or read "Max Memory Used" from the REPORT log lines'
          : 'memory size unknown: the function configuration could not be read',
      runbookStep: null,
    };
  }
  const near = used >= MEMORY_NEAR_SIZE * facts.memoryMb;
  return {
    check: 'memory-saturation',
    result: near ? 'warn' : 'pass',
    message: `memory used peaked at ${Math.round(used)} of ${
      facts.memoryMb
    } MB in the last hour`,
    runbookStep: near ? 'B.2: raise the memory size' : null,
  };
}

function throttleCheck(
  throttles: MetricSeries | undefined,
  concurrency: MetricSeries | undefined,
  facts: FunctionFacts,
): TriageCheck {
  if (!throttles) {
    return {
      check: 'throttles',
      result: 'unknown',
      message: 'no Throttles data in the last hour',
      runbookStep: null,
    };
  }
  const throttled = total(throttles);
  const peakConcurrency = peak(concurrency);
  const limit = facts.reservedConcurrency;
  const nearLimit =
    limit !== undefined &&
    peakConcurrency !== undefined &&
    peakConcurrency >= CONCURRENCY_NEAR_LIMIT * limit;
  const concurrencyText =
    peakConcurrency === undefined
      ? ''
      : `; concurrency peaked at ${peakConcurrency}${
          limit !== undefined ? ` of ${limit} reserved` : ''
        }`;
  return {
    check: 'throttles',
    result: throttled > 0 || nearLimit ? 'warn' : 'pass',
    message: `${Math.round(
      throttled,
    )} throttled requests in the last hour${concurrencyText}`,
    runbookStep:
      throttled > 0 || nearLimit
        ? 'B.3: raise reserved concurrency if the throttles come from our own limit'
        : null,
  };
}

function dlqCheck(queue: string, depth: MetricSeries | undefined): TriageCheck {
  if (!depth || depth.values.length === 0) {
    return {
      check: 'dlq-depth',
      result: 'unknown',
      message: `no data for the dead-letter queue ${queue} in the last hour`,
      runbookStep: null,
    };
  }
  const waiting = depth.values[depth.values.length - 1];
  return {
    check: 'dlq-depth',
    result: waiting > 0 ? 'warn' : 'pass',
    message: `${waiting} messages waiting in ${queue}`,
    runbookStep:
      waiting > 0
        ? 'B.2: read one message and its error before redriving; never purge'
        : null,
  };
}

/** @public */
export const triageServiceRef = createServiceRef<TriageService>({
  id: 'lambda-ops.triage',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { clients: awsClientFactoryServiceRef, metrics: metricsServiceRef },
      factory: ({ clients, metrics }) =>
        new TriageService({ clients, metrics }),
    }),
});
