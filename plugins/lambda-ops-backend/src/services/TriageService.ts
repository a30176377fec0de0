import {
  GetAliasCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  paginateListVersionsByFunction,
} from '@aws-sdk/client-lambda';
import {
  CacheService,
  coreServices,
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
import { cachedRead } from './cachedRead';
import { readLambdaOpsConfig } from '../config';
import { resilientCache } from './resilientCache';
import { lambdaDimensions, MetricQuery, MetricSeries } from './MetricsService';
import type { AlongsideQueries } from './SloService';

/** Saturation is judged on the last hour, in 5-minute periods. */
const METRICS_SPAN_MS = 60 * 60_000;
const SATURATION_PERIOD_SECONDS = 300;

/**
 * Fetches what part A of every runbook needs when an alarm fires or an SLO burns fast
 * enough to page (the function's configuration and versions; its last hour of metrics
 * comes with the SLOs'); the checks themselves are `triageFunction` of lambda-ops-common.
 *
 * @public
 */
export class TriageService {
  readonly #clients: AwsClientFactory;
  readonly #cache: CacheService | undefined;
  readonly #factsTtlMs: number;

  constructor(options: {
    clients: AwsClientFactory;
    /** Where a function's facts are kept between pages. */
    cache?: CacheService;
    /** How long they are kept; 0 (the default) reads them for every triage. */
    factsTtlMs?: number;
  }) {
    this.#clients = options.clients;
    this.#cache = options.cache;
    this.#factsTtlMs = options.factsTtlMs ?? 0;
  }

  /**
   * The metrics the saturation checks read: the last hour in 5-minute periods. The caller
   * fetches them with the SLOs' (`SloService.computeSlos`), so that they cost no call of
   * their own, whether or not the function turns out to need a triage.
   */
  saturationQueries(
    fn: LambdaFunctionRef,
    settings: LambdaOpsEntitySettings,
  ): AlongsideQueries {
    const dimensions = lambdaDimensions(fn);
    const queue = settings.deadLetterQueue;
    const sameLocation =
      queue &&
      (queue.region ?? fn.region) === fn.region &&
      (queue.accountId ?? fn.accountId) === fn.accountId;
    const query = (
      id: keyof SaturationMetrics,
      namespace: string,
      metricName: string,
      stat: string,
      queryDimensions: Record<string, string> = dimensions,
    ): MetricQuery => ({
      id,
      namespace,
      metricName,
      dimensions: queryDimensions,
      stat,
      periodSeconds: SATURATION_PERIOD_SECONDS,
    });
    return {
      spanMs: METRICS_SPAN_MS,
      queries: [
        query('duration', 'AWS/Lambda', 'Duration', 'p99'),
        query('throttles', 'AWS/Lambda', 'Throttles', 'Sum'),
        query('concurrency', 'AWS/Lambda', 'ConcurrentExecutions', 'Maximum'),
        // Memory is not an AWS/Lambda metric: Lambda Insights reports it, when enabled.
        query('memory', 'LambdaInsights', 'used_memory_max', 'Maximum', {
          function_name: fn.name,
        }),
        ...(sameLocation
          ? [
              query(
                'dlq',
                'AWS/SQS',
                'ApproximateNumberOfMessagesVisible',
                'Maximum',
                { QueueName: queue.name },
              ),
            ]
          : []),
      ],
    };
  }

  /**
   * Triage of one function; empty while none of its alarms fires and none of its SLOs
   * pages.
   *
   * @param slos - the function's SLOs, whose `burningSince` marks a page-level burn
   * @param changes - deploy markers and change events of the function, any order
   * @param saturation - the series of {@link TriageService.saturationQueries} by id; a
   *   check whose series is missing (the read failed) says it cannot tell
   */
  async triage(
    fn: LambdaFunctionRef,
    settings: LambdaOpsEntitySettings,
    incident: { alarms: Alarm[]; slos: Slo[]; changes: DeployMarker[] },
    saturation: Map<string, MetricSeries>,
    now: Date,
  ): Promise<FunctionTriage> {
    const start = incidentStart(incident.alarms, incident.slos, now.getTime());
    if (!start) {
      return { checks: [], rollback: null };
    }
    const facts = await cachedRead(
      this.#cache,
      `function-facts:v1:${fn.accountId ?? 'default'}:${fn.region}:${fn.name}:${
        fn.qualifier ?? ''
      }`,
      this.#factsTtlMs,
      () => this.#functionFacts(fn),
      read => read.error === undefined,
    );
    return triageFunction({
      fn,
      incident: start,
      changes: incident.changes,
      facts,
      metrics: {
        duration: saturation.get('duration')?.values,
        memory: saturation.get('memory')?.values,
        throttles: saturation.get('throttles')?.values,
        concurrency: saturation.get('concurrency')?.values,
        dlq: saturation.get('dlq')?.values,
      },
      deadLetterQueue: settings.deadLetterQueue?.name,
      now: now.getTime(),
    });
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
      deps: {
        clients: awsClientFactoryServiceRef,
        config: coreServices.rootConfig,
        cache: coreServices.cache,
        logger: coreServices.logger,
      },
      factory: ({ clients, config, cache, logger }) =>
        new TriageService({
          clients,
          cache: resilientCache(cache, logger),
          factsTtlMs: readLambdaOpsConfig(config).functionFactsTtlMs,
        }),
    }),
});
