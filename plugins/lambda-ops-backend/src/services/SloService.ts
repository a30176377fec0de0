import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  DataLag,
  Datapoints,
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
import {
  fleetSnapshotStoreServiceRef,
  StoredSeries,
} from './fleet/FleetSnapshotStore';
import { seriesKey } from './fleet/fleetSlos';
import { LATE_DATAPOINT_OVERLAP_MS, toDatapoints } from './fleet/periodSeries';
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

/**
 * The reads of a page: the SLOs' coarse periods and recent minutes, and the triage's
 * queries. Reads from the same StartTime share a GetMetricData call, their query ids
 * prefixed by the read so that they never meet.
 */
type Read = 'coarse' | 'recent' | 'alongside';

/**
 * Where the collector keeps the periods it read of each function's SLO metrics.
 *
 * @public
 */
export interface StoredSloSeries {
  /** The stored series of the given keys; a key never stored is absent. */
  readSeries(keys: string[]): Promise<Map<string, StoredSeries>>;
}

/**
 * Computes a function's SLOs for its pattern from raw CloudWatch statistics: the whole
 * window in coarse periods and the newest hours in 1-minute periods (see `sloFetchPlan`),
 * with the windows ending at the newest published minute and the arithmetic in
 * lambda-ops-common. One StartTime a call means two GetMetricData calls, unless the fleet
 * collector's stored periods reach the newest hours: then the coarse periods before them
 * come from the store and the rest ride with the minutes in one call (one more only for a
 * queue in another account or region). Queries of the page's triage join the call that
 * covers their span.
 *
 * @public
 */
export class SloService {
  readonly #metrics: MetricsService;
  readonly #publishingLagMs: number;
  readonly #minEvents: number;
  readonly #stored: StoredSloSeries | undefined;
  readonly #logger: LoggerService | undefined;

  constructor(options: {
    metrics: MetricsService;
    publishingLagMs: number;
    /** Fewest requests a burn-rate row's long window needs to fire. */
    minEvents: number;
    /** The collector's stored series; without them every page reads the whole window. */
    stored?: StoredSloSeries;
    logger?: LoggerService;
  }) {
    this.#metrics = options.metrics;
    this.#publishingLagMs = options.publishingLagMs;
    this.#minEvents = options.minEvents;
    this.#stored = options.stored;
    this.#logger = options.logger;
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
    const stored = plan.recent
      ? await this.#storedBefore(
          fn,
          queries,
          plan.coarse.start,
          plan.recent.start,
        )
      : undefined;
    const reads: Record<Read, { start: number; queries: PlacedQuery[] }> = {
      coarse: {
        start: stored ? plan.recent!.start : plan.coarse.start,
        queries,
      },
      recent: {
        start: plan.recent?.start ?? 0,
        queries: plan.recent ? recentSloQueries(queries, settings.pattern) : [],
      },
      alongside: { start: now.getTime() - alongside.spanMs, queries: [] },
    };
    const alongsideGrid = gridReaching(plan, {
      now,
      spanMs: alongside.spanMs,
      periodsSeconds: alongside.queries.map(query => query.periodSeconds),
    });
    reads.alongside = {
      start: alongsideGrid ? reads[alongsideGrid].start : reads.alongside.start,
      queries: alongside.queries,
    };
    const fetched = await this.#fetchReads(fn, reads, plan.clockEnd);
    const seriesOf = (read: Read, id: string) => fetched.get(`${read}_${id}`);
    const coarseData: SloDatapoints = Object.fromEntries(
      queries.map(query => [
        query.id,
        joinDatapoints(stored?.get(query.id), seriesOf('coarse', query.id)),
      ]),
    );
    const recentData: SloDatapoints = Object.fromEntries(
      reads.recent.queries.map(query => [
        query.id,
        seriesOf('recent', query.id),
      ]),
    );
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
            seriesOf('alongside', query.id),
            now.getTime() - alongside.spanMs,
            query.periodSeconds,
          ),
        ]),
      ),
      problems: sliCheckProblems(fn, settings, slos, coarseData),
    };
  }

  /**
   * The collector's stored coarse periods of every query before `recentStart`, by query
   * id, when each series covers the window from `coarseStart` up to there with periods
   * CloudWatch will not change any more; else undefined, and the page reads the window.
   */
  async #storedBefore(
    fn: LambdaFunctionRef,
    queries: LocatedQuery[],
    coarseStart: number,
    recentStart: number,
  ): Promise<Map<string, Datapoints> | undefined> {
    if (!this.#stored) {
      return undefined;
    }
    const keys = queries.map(query => seriesKey(query, query.location ?? fn));
    let series;
    try {
      series = await this.#stored.readSeries(keys);
    } catch (error) {
      this.#logger?.warn(
        `Stored SLO periods could not be read, so the page reads its whole window from CloudWatch: ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
    const found = keys.map(key => series.get(key));
    if (
      found.some(
        s =>
          !s ||
          s.firstPeriod > coarseStart ||
          s.fetchedUntil - LATE_DATAPOINT_OVERLAP_MS < recentStart,
      )
    ) {
      return undefined;
    }
    return new Map(
      queries.map((query, i) => [
        query.id,
        datapointsBefore(toDatapoints(found[i]), recentStart),
      ]),
    );
  }

  /** Each read's queries, one GetMetricData call per StartTime and location. */
  async #fetchReads(
    fn: LambdaFunctionRef,
    reads: Record<Read, { start: number; queries: PlacedQuery[] }>,
    end: number,
  ): Promise<Map<string, MetricSeries>> {
    const byStart = new Map<number, PlacedQuery[]>();
    for (const [read, { start, queries }] of Object.entries(reads)) {
      const call = byStart.get(start) ?? [];
      call.push(
        ...queries.map(query => ({ ...query, id: `${read}_${query.id}` })),
      );
      byStart.set(start, call);
    }
    const answers = await settleAll(
      [...byStart].map(([start, queries]) =>
        this.#fetch(fn, queries, start, end),
      ),
    );
    return new Map(answers.flatMap(answer => [...answer]));
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
    timestamp + periodSeconds * 1000 > start ? [i] : [],
  );
  return {
    timestamps: kept.map(i => series!.timestamps[i]),
    values: kept.map(i => series!.values[i]),
  };
}

/** The datapoints before `end`. */
function datapointsBefore(points: Datapoints, end: number): Datapoints {
  const kept = points.timestamps.flatMap((timestamp, i) =>
    Number(timestamp) < end ? [i] : [],
  );
  return {
    timestamps: kept.map(i => points.timestamps[i]),
    values: kept.map(i => points.values[i]),
  };
}

/** Stored periods followed by fetched ones; either may be absent. */
function joinDatapoints(
  older: Datapoints | undefined,
  newer: Datapoints | undefined,
): Datapoints | undefined {
  if (!older) {
    return newer;
  }
  return {
    timestamps: [...older.timestamps, ...(newer?.timestamps ?? [])],
    values: [...older.values, ...(newer?.values ?? [])],
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
      deps: {
        metrics: metricsServiceRef,
        config: coreServices.rootConfig,
        stored: fleetSnapshotStoreServiceRef,
        logger: coreServices.logger,
      },
      factory: ({ metrics, config, stored, logger }) => {
        const { publishingLagMs, minEvents } = readLambdaOpsConfig(config);
        return new SloService({
          metrics,
          publishingLagMs,
          minEvents,
          stored,
          logger,
        });
      },
    }),
});
