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
  FunctionFacts,
  FunctionTriage,
  incidentStart,
  LambdaFunctionRef,
  LambdaOpsEntitySettings,
  SaturationMetrics,
  Slo,
  triageFunction,
} from '@lambda-ops/backstage-plugin-common';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
} from './AwsClientFactory';
import { describeAwsFailure } from './awsErrors';
import {
  lambdaDimensions,
  MetricsService,
  metricsServiceRef,
} from './MetricsService';

/** Saturation is judged on the last hour. */
const METRICS_SPAN_MS = 60 * 60_000;

/**
 * Fetches what part A of every runbook needs when an alarm fires or an SLO burns fast
 * enough to page (the function's configuration, versions and last hour of metrics); the
 * checks themselves are `triageFunction` of lambda-ops-common.
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
    const start = incidentStart(incident.alarms, incident.slos, now.getTime());
    if (!start) {
      return { checks: [], rollback: null };
    }
    const [facts, metrics] = await Promise.all([
      this.#functionFacts(fn),
      this.#saturationMetrics(fn, settings, now),
    ]);
    return triageFunction({
      fn,
      incident: start,
      changes: incident.changes,
      facts,
      metrics,
      deadLetterQueue: settings.deadLetterQueue?.name,
      now: now.getTime(),
    });
  }

  async #saturationMetrics(
    fn: LambdaFunctionRef,
    settings: LambdaOpsEntitySettings,
    now: Date,
  ): Promise<SaturationMetrics> {
    const dimensions = lambdaDimensions(fn);
    const period = 300;
    const queue = settings.deadLetterQueue;
    const sameLocation =
      queue &&
      (queue.region ?? fn.region) === fn.region &&
      (queue.accountId ?? fn.accountId) === fn.accountId;
    try {
      const series = await this.#metrics.fetch(
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
      return {
        duration: series.get('duration')?.values,
        memory: series.get('memory')?.values,
        throttles: series.get('throttles')?.values,
        concurrency: series.get('concurrency')?.values,
        dlq: series.get('dlq')?.values,
      };
    } catch {
      // Each check then says it cannot tell, rather than the triage failing whole.
      return {};
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
      return {
        error: describeAwsFailure(error, {
          service: 'Lambda',
          region: fn.region,
        }).message,
      };
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
