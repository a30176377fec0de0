import {
  LambdaFunctionRef,
  LambdaOpsEntitySettings,
  minuteResolutionSeconds,
  evaluatePatternSlos,
  newestMinuteEnd,
  publishedDataEnd,
  Slo,
  SloDatapoints,
  SloMetric,
} from '@lambda-ops/backstage-plugin-common';
import type { AwsClientFactory, AwsLocation } from '../AwsClientFactory';
import { describeAwsFailure } from '../awsErrors';
import {
  fetchBatched,
  MAX_CONCURRENT_CALLS,
  MAX_DATAPOINTS_PER_GET_METRIC_DATA,
  MAX_QUERIES_PER_GET_METRIC_DATA,
} from '../metricBatching';
import type { MetricQuery } from '../MetricsService';
import { sloFetchPlan, SloFetchPlan } from '../slo/sloFetchPlan';
import {
  hasRecentSloQueries,
  LocatedQuery,
  recentSloQueries,
  sloQueries,
} from '../slo/sloQueries';
import type { FleetSnapshotStore, StoredSeries } from './FleetSnapshotStore';
import {
  mergeSeries,
  nextFetchStart,
  sumIntoPeriods,
  toDatapoints,
} from './periodSeries';

/** A function of the fleet with the settings of its entity. */
export interface FleetFunction {
  fn: LambdaFunctionRef;
  settings: LambdaOpsEntitySettings;
}

/** The SLOs of each function, or why they could not be worked out. */
export type FleetSloResult =
  | { slos: Slo[]; unavailableReason: null }
  | { slos: []; unavailableReason: string };

/** What GetMetricData was asked in one account and region. */
export interface MetricFetchCounts {
  queries: number;
  /** Periods asked for, summed over the queries: the datapoints a full answer holds. */
  datapoints: number;
  /**
   * Reads made: each has its own StartTime (the backfill's 30 days, its 6 hours of
   * minutes, or the minutes since the last refresh), so each can end in a part-full call.
   */
  reads: number;
}

/** What GetMetricData was asked, for the refresh's report, by `<account>/<region>`. */
export interface MetricFetchStats {
  byLocation: Record<string, MetricFetchCounts>;
}

/** One stored series a function's SLOs read, and how it is brought up to date. */
interface SeriesPlan {
  key: string;
  metric: SloMetric;
  resolution: 'coarse' | 'recent';
  query: MetricQuery;
  location: AwsLocation;
  gridStart: number;
  /** Where the read starts; null when the periods are summed from the minutes instead. */
  fetchFrom: number | null;
  /** For a coarse sum worked out from minutes: the minute series and the first period. */
  sumOf?: { minutesKey: string; from: number };
}

function locationKey(location: AwsLocation): string {
  return `${location.accountId ?? 'default'}/${location.region}`;
}

/** Names a series by where and what it reads; the last part is the period length. */
function seriesKey(query: MetricQuery, location: AwsLocation): string {
  const dimensions = Object.entries(query.dimensions)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
  return [
    locationKey(location),
    query.namespace,
    dimensions,
    query.metricName,
    query.stat,
    query.periodSeconds,
  ].join('/');
}

/**
 * The series behind one function's SLOs: the queries the Operations tab reads (the whole
 * window in coarse periods; the newest hours in minutes), where each read starts, and
 * which coarse sums come from the minutes. Only the minute sums are read: the minutes of
 * a period statistic (p95 Duration, event age) serve the tab to date a burn to the minute,
 * which the fleet views do not show, and reading them would add a query per function.
 */
function planSeries(
  { fn, settings }: FleetFunction,
  plan: SloFetchPlan,
  stored: Map<string, StoredSeries>,
): SeriesPlan[] {
  const coarseQueries = sloQueries(fn, settings, plan.coarse.periodSeconds);
  const recentQueries = plan.recent
    ? recentSloQueries(coarseQueries, settings.pattern).filter(
        query => query.stat === 'Sum',
      )
    : [];
  const alignMs = plan.coarse.periodSeconds * 1000;
  const toPlan = (
    query: LocatedQuery,
    resolution: SeriesPlan['resolution'],
    gridStart: number,
  ): SeriesPlan => {
    const location = query.location ?? fn;
    const key = seriesKey(query, location);
    return {
      key,
      metric: query.id,
      resolution,
      query,
      location,
      gridStart,
      fetchFrom: nextFetchStart(stored.get(key), gridStart, alignMs),
    };
  };
  const recent = recentQueries.map(query =>
    toPlan(query, 'recent', plan.recent!.start),
  );
  const coarse = coarseQueries.map(query => {
    const series = toPlan(query, 'coarse', plan.coarse.start);
    const minutes = recent.find(r => r.metric === series.metric);
    // Minutes reach back to the recent grid's start: periods from there on are sums of them.
    if (
      minutes &&
      series.fetchFrom !== null &&
      series.fetchFrom !== series.gridStart &&
      series.fetchFrom >= minutes.gridStart
    ) {
      return {
        ...series,
        sumOf: { minutesKey: minutes.key, from: series.fetchFrom },
        fetchFrom: null,
      };
    }
    return series;
  });
  return [...coarse, ...recent];
}

/**
 * Works out the SLOs of many functions with the SLO math the Operations tab uses, from
 * per-period statistics kept between refreshes: each refresh reads from CloudWatch only
 * the periods since the last one (and a short overlap), across functions in as few
 * GetMetricData calls as the limits allow (500 queries, 100,800 datapoints a call); the
 * first refresh backfills the window. A location CloudWatch cannot be read in makes its
 * functions unavailable, with the reason; the others go on.
 */
export async function collectFleetSlos(
  functions: FleetFunction[],
  deps: {
    clients: AwsClientFactory;
    store: FleetSnapshotStore;
    publishingLagMs: number;
    /** The low-traffic guard's floor: fewer requests in a long window never fire its row. */
    minEvents: number;
    now: Date;
    stats: MetricFetchStats;
    /** Gets the keys of the series read, so that the others can be pruned. */
    seriesKeys: Set<string>;
  },
): Promise<FleetSloResult[]> {
  const { clients, store, publishingLagMs, minEvents, now, stats, seriesKeys } =
    deps;
  const plans = functions.map(({ settings }) =>
    sloFetchPlan({
      now,
      windowDays: settings.windowDays,
      publishingLagMs,
      minuteWindowSeconds: hasRecentSloQueries(settings.pattern)
        ? minuteResolutionSeconds()
        : 0,
    }),
  );
  const clockEnd = plans[0]?.clockEnd ?? now.getTime();
  const keysOf = functions.map((f, i) =>
    planSeries(f, plans[i], new Map()).map(s => s.key),
  );
  keysOf.flat().forEach(key => seriesKeys.add(key));
  const stored = await store.readSeries([...new Set(keysOf.flat())]);
  const series = functions.map((f, i) => planSeries(f, plans[i], stored));

  // One read per location and start (a call has one StartTime), its calls cut so that
  // their datapoints fit one page.
  const reads = new Map<string, SeriesPlan[]>();
  for (const plan of series.flat()) {
    if (plan.fetchFrom === null) {
      continue;
    }
    const readKey = `${locationKey(plan.location)}|${plan.fetchFrom}`;
    if (!reads.get(readKey)?.push(plan)) {
      reads.set(readKey, [plan]);
    }
  }
  const updated = new Map<string, StoredSeries>();
  const failedLocations = new Map<string, string>();
  for (const group of reads.values()) {
    const { location, fetchFrom } = group[0];
    if (failedLocations.has(locationKey(location))) {
      continue;
    }
    const unique = [...new Map(group.map(plan => [plan.key, plan])).values()];
    const periodsOf = (plan: SeriesPlan) =>
      Math.ceil((clockEnd - fetchFrom!) / (plan.query.periodSeconds * 1000));
    const periods = Math.max(...unique.map(periodsOf));
    const counts = (stats.byLocation[locationKey(location)] ??= {
      queries: 0,
      datapoints: 0,
      reads: 0,
    });
    counts.reads += 1;
    for (const plan of unique) {
      counts.queries += 1;
      counts.datapoints += periodsOf(plan);
    }
    const perCall = Math.max(
      1,
      Math.min(
        MAX_QUERIES_PER_GET_METRIC_DATA,
        Math.floor(MAX_DATAPOINTS_PER_GET_METRIC_DATA / periods),
      ),
    );
    // Answers are merged round by round of full calls: a backfill's raw answers for a
    // whole chunk (a Date per datapoint) would hold gigabytes at once.
    const perRound = perCall * MAX_CONCURRENT_CALLS;
    try {
      const client = await clients.cloudWatch(location);
      for (let r = 0; r < unique.length; r += perRound) {
        const round = unique.slice(r, r + perRound);
        const fetched = await fetchBatched(
          client,
          round.map(plan => ({
            key: plan.key,
            queries: [{ ...plan.query, id: 'v' }],
          })),
          { start: new Date(fetchFrom!), end: new Date(clockEnd) },
          perCall,
        );
        for (const plan of round) {
          updated.set(
            plan.key,
            mergeSeries(
              plan.key,
              plan.query.periodSeconds,
              stored.get(plan.key),
              {
                gridStart: plan.gridStart,
                fetchedFrom: fetchFrom!,
                end: clockEnd,
              },
              fetched.get(plan.key)?.get('v') ?? { timestamps: [], values: [] },
            ),
          );
          // Its merge replaces it: keeping both would double the chunk's memory.
          stored.delete(plan.key);
        }
      }
    } catch (error) {
      failedLocations.set(
        locationKey(location),
        describeAwsFailure(error, {
          service: 'CloudWatch',
          region: location.region,
        }).message,
      );
    }
  }
  for (const plan of series.flat()) {
    const minutes = plan.sumOf && updated.get(plan.sumOf.minutesKey);
    const coarse = stored.get(plan.key);
    if (plan.sumOf && minutes && coarse) {
      updated.set(
        plan.key,
        sumIntoPeriods(
          mergeSeries(
            plan.key,
            plan.query.periodSeconds,
            coarse,
            {
              gridStart: plan.gridStart,
              fetchedFrom: plan.sumOf.from,
              end: clockEnd,
            },
            { timestamps: [], values: [] },
          ),
          minutes,
          plan.sumOf.from,
        ),
      );
      stored.delete(plan.key);
    }
  }
  await store.writeSeries([...updated.values()]);

  return functions.map(({ fn, settings }, i) => {
    const failed = series[i]
      .map(plan => failedLocations.get(locationKey(plan.location)))
      .find(Boolean);
    if (failed) {
      return { slos: [], unavailableReason: failed };
    }
    const data = { coarse: {} as SloDatapoints, recent: {} as SloDatapoints };
    for (const plan of series[i]) {
      data[plan.resolution][plan.metric] = toDatapoints(
        updated.get(plan.key) ?? stored.get(plan.key),
      );
    }
    const freshness = {
      now: now.getTime(),
      publishingLagMs,
      newestDataEnd: newestMinuteEnd(Object.values(data.recent)),
    };
    const slos = evaluatePatternSlos(
      fn,
      settings,
      {
        coarse: plans[i].coarse,
        recent: plans[i].recent,
        end: publishedDataEnd(freshness),
        days: settings.windowDays,
        minEvents,
      },
      data,
    );
    return { slos, unavailableReason: null };
  });
}
