import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  DataLag,
  evaluatePatternSlos,
  Problem,
  sliCheckProblems,
  LambdaFunctionRef,
  LambdaOpsEntitySettings,
  measureDataLag,
  minuteResolutionSeconds,
  newestMinuteEnd,
  publishedDataEnd,
  Slo,
  SloDatapoints,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../config';
import {
  MetricQuery,
  MetricSeries,
  MetricsService,
  metricsServiceRef,
} from './MetricsService';
import { gridReaching, sloFetchPlan } from './slo/sloFetchPlan';
import {
  hasRecentSloQueries,
  LocatedQuery,
  recentSloQueries,
  sloQueries,
} from './slo/sloQueries';

/**
 * Queries of another part of the page, the triage's, sent in the GetMetricData call of the
 * SLOs that reaches back far enough, so that they cost no call of their own.
 *
 * @public
 */
export interface AlongsideQueries {
  queries: MetricQuery[];
  /** How far back from now they read. */
  spanMs: number;
}

/**
 * A function's SLOs, how late the data behind them is when later than usual, and the series
 * of the {@link AlongsideQueries} by query id, cut to their span. @public
 */
export interface FunctionSlos {
  slos: Slo[];
  dataLag: DataLag | null;
  alongside: Map<string, MetricSeries>;
  /** What the SLI checks found: a metric that never came, a budget that never burned. */
  problems: Problem[];
}

/** A query and, for a queue elsewhere, where its metric lives. */
type PlacedQuery = MetricQuery & Pick<LocatedQuery, 'location'>;

/** The reads of a page, each with its own StartTime and so its own GetMetricData call. */
type Read = 'coarse' | 'recent' | 'alongside';

/** Alongside queries are renamed so that their ids never meet an SLO query's. */
const ALONGSIDE_PREFIX = 'alongside_';

/**
 * Computes a function's SLOs for its pattern from raw CloudWatch statistics: the whole
 * window in coarse periods in one GetMetricData call and the newest hours in 1-minute
 * periods in another (see `sloFetchPlan`; one more pair only for a queue in another account
 * or region), with the windows ending at the newest published minute and the arithmetic in
 * lambda-ops-common. Queries of the page's triage join the call that covers their span.
 *
 * @public
 */
export class SloService {
  readonly #metrics: MetricsService;
  readonly #publishingLagMs: number;
  readonly #minEvents: number;

  constructor(options: {
    metrics: MetricsService;
    publishingLagMs: number;
    /** Fewest requests a burn-rate row's long window needs to fire. */
    minEvents: number;
  }) {
    this.#metrics = options.metrics;
    this.#publishingLagMs = options.publishingLagMs;
    this.#minEvents = options.minEvents;
  }

  /**
   * @param alongside - queries to send with the SLOs' (the triage's); none by default
   */
  async computeSlos(
    fn: LambdaFunctionRef,
    settings: LambdaOpsEntitySettings,
    now: Date,
    alongside: AlongsideQueries = { queries: [], spanMs: 0 },
  ): Promise<FunctionSlos> {
    const plan = sloFetchPlan({
      now,
      windowDays: settings.windowDays,
      publishingLagMs: this.#publishingLagMs,
      minuteWindowSeconds: hasRecentSloQueries(settings.pattern)
        ? minuteResolutionSeconds()
        : 0,
    });
    const queries = sloQueries(fn, settings, plan.coarse.periodSeconds);
    const reads: Record<Read, { start: number; queries: PlacedQuery[] }> = {
      coarse: { start: plan.coarse.start, queries: [...queries] },
      recent: {
        start: plan.recent?.start ?? 0,
        queries: plan.recent ? recentSloQueries(queries, settings.pattern) : [],
      },
      alongside: { start: now.getTime() - alongside.spanMs, queries: [] },
    };
    const alongsideRead: Read =
      gridReaching(plan, {
        now,
        spanMs: alongside.spanMs,
        periodsSeconds: alongside.queries.map(query => query.periodSeconds),
      }) ?? 'alongside';
    reads[alongsideRead].queries.push(
      ...alongside.queries.map(query => ({
        ...query,
        id: `${ALONGSIDE_PREFIX}${query.id}`,
      })),
    );
    const fetchRead = (read: Read) =>
      this.#fetch(fn, reads[read].queries, reads[read].start, plan.clockEnd);
    const [coarse, recent, own] = await settleAll([
      fetchRead('coarse'),
      fetchRead('recent'),
      fetchRead('alongside'),
    ]);
    const fetched: Record<Read, Map<string, MetricSeries>> = {
      coarse,
      recent,
      alongside: own,
    };
    const sloData = (read: Read): SloDatapoints =>
      Object.fromEntries(
        reads[read].queries
          .filter(query => !query.id.startsWith(ALONGSIDE_PREFIX))
          .map(query => [query.id, fetched[read].get(query.id)]),
      );
    const coarseData = sloData('coarse');
    const recentData = sloData('recent');
    const freshness = {
      now: now.getTime(),
      publishingLagMs: this.#publishingLagMs,
      newestDataEnd: newestMinuteEnd(Object.values(recentData)),
    };
    const slos = evaluatePatternSlos(
      fn,
      settings,
      {
        coarse: plan.coarse,
        recent: plan.recent,
        end: publishedDataEnd(freshness),
        days: settings.windowDays,
        minEvents: this.#minEvents,
      },
      { coarse: coarseData, recent: recentData },
    );
    return {
      slos,
      dataLag: measureDataLag(freshness),
      alongside: new Map(
        alongside.queries.map(query => [
          query.id,
          withinSpan(
            fetched[alongsideRead].get(`${ALONGSIDE_PREFIX}${query.id}`),
            reads.alongside.start,
            query.periodSeconds,
          ),
        ]),
      ),
      problems: sliCheckProblems(fn, settings, slos, coarseData),
    };
  }

  /** The queries from `start` up to `end`, one GetMetricData call per location. */
  async #fetch(
    fn: LambdaFunctionRef,
    queries: PlacedQuery[],
    start: number,
    end: number,
  ): Promise<Map<string, MetricSeries>> {
    const span = { start: new Date(start), end: new Date(end) };
    const byLocation = new Map<string, PlacedQuery[]>();
    for (const query of queries) {
      const location = query.location ?? fn;
      const key = `${location.accountId}/${location.region}`;
      byLocation.set(key, [...(byLocation.get(key) ?? []), query]);
    }
    const data = new Map<string, MetricSeries>();
    await settleAll(
      [...byLocation.values()].map(async group => {
        const series = await this.#metrics.fetch(
          group[0].location ?? fn,
          group,
          span,
        );
        series.forEach((value, id) => data.set(id, value));
      }),
    );
    return data;
  }
}

/** The periods of `series` that overlap the span from `start` on. */
function withinSpan(
  series: MetricSeries | undefined,
  start: number,
  periodSeconds: number,
): MetricSeries {
  const kept = (series?.timestamps ?? []).flatMap((timestamp, i) =>
    timestamp.getTime() + periodSeconds * 1000 > start ? [i] : [],
  );
  return {
    timestamps: kept.map(i => series!.timestamps[i]),
    values: kept.map(i => series!.values[i]),
  };
}

/**
 * Like `Promise.all`, but waits for every call to end before failing with the first
 * error, so that no retry of a call outlives the page it was for.
 */
async function settleAll<T extends readonly unknown[]>(
  promises: [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected',
  );
  if (failed) {
    throw failed.reason;
  }
  return results.map(
    result => (result as PromiseFulfilledResult<unknown>).value,
  ) as unknown as T;
}

/** @public */
export const sloServiceRef = createServiceRef<SloService>({
  id: 'lambda-ops.slos',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { metrics: metricsServiceRef, config: coreServices.rootConfig },
      factory: ({ metrics, config }) => {
        const { publishingLagMs, minEvents } = readLambdaOpsConfig(config);
        return new SloService({ metrics, publishingLagMs, minEvents });
      },
    }),
});
