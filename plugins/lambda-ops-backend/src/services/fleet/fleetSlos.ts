import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  EarlierWindow,
  LambdaFunctionRef,
  LambdaOpsEntitySettings,
  minuteResolutionSeconds,
  evaluatePatternSlos,
  newestMinuteEnd,
  PeriodGrid,
  PeriodValues,
  publishedDataEnd,
  Slo,
  SloDatapoints,
  SloMetric,
} from '@lambda-ops/backstage-plugin-common';
import type { AwsClientFactory, AwsLocation } from '../AwsClientFactory';
import { describeAwsFailure } from '../awsErrors';
import {
  fetchBatchedEach,
  MAX_DATAPOINTS_PER_GET_METRIC_DATA,
  MAX_QUERIES_PER_GET_METRIC_DATA,
} from '../metricBatching';
import type { MetricQuery, MetricSeries } from '../MetricsService';
import { sloFetchPlan, SloFetchPlan } from '../slo/sloFetchPlan';
import {
  hasRecentSloQueries,
  LocatedQuery,
  recentSloQueries,
  sloQueries,
} from '../slo/sloQueries';
import type {
  FleetSnapshotStore,
  SeriesEnd,
  StoredSeries,
  StoredSettledDays,
} from './FleetSnapshotStore';
import {
  mergeSeries,
  nextFetchStart,
  SeriesBufferPool,
  sumIntoPeriods,
} from './periodSeries';
import {
  ReadParts,
  readParts,
  settledDaysKey,
  settleNewDays,
  splitWindow,
  windowLayout,
  WindowLayout,
} from './settledWindow';

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

/**
 * Functions whose stored series are read, merged, evaluated and written back together:
 * few enough that a backfill's month of 5-minute periods of all of them stays well inside
 * the backend's memory (a steady refresh reads a fifth of the month, see `readParts`),
 * many enough that a backfill's long reads fill their calls and that a steady refresh
 * writes in few transactions.
 */
const FUNCTIONS_PER_CHUNK = 125;

const NO_DATAPOINTS: MetricSeries = { timestamps: [], values: [] };

/** One stored series a function's SLOs read, and how it is brought up to date. */
export interface SeriesPlan {
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
export function seriesKey(query: MetricQuery, location: AwsLocation): string {
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

/** A series a function's SLOs read, before where its read starts is known. */
type PlannedSeries = Omit<SeriesPlan, 'fetchFrom' | 'sumOf'>;

/**
 * The series behind one function's SLOs: the queries the Operations tab reads (the whole
 * window in coarse periods; the newest hours in minutes). Of the minutes, the sums are
 * read: those of a period statistic (p95 Duration) serve the tab to date a burn to the
 * minute, which the fleet views do not show, and would add a query per function. A
 * pattern with no sum among its minutes (async: event age) reads its statistic's, as the
 * tab does: without them, where its published data ends would be dated by the clock
 * alone, a period earlier than the tab's.
 */
function seriesOfFunction(
  { fn, settings }: FleetFunction,
  plan: SloFetchPlan,
): PlannedSeries[] {
  const coarseQueries = sloQueries(fn, settings, plan.coarse.periodSeconds);
  const minuteQueries = plan.recent
    ? recentSloQueries(coarseQueries, settings.pattern)
    : [];
  const minuteSums = minuteQueries.filter(query => query.stat === 'Sum');
  const recentQueries = minuteSums.length > 0 ? minuteSums : minuteQueries;
  const toPlanned = (
    query: LocatedQuery,
    resolution: SeriesPlan['resolution'],
    gridStart: number,
  ): PlannedSeries => {
    const location = query.location ?? fn;
    return {
      key: seriesKey(query, location),
      metric: query.id,
      resolution,
      query,
      location,
      gridStart,
    };
  };
  return [
    ...coarseQueries.map(query =>
      toPlanned(query, 'coarse', plan.coarse.start),
    ),
    ...recentQueries.map(query =>
      toPlanned(query, 'recent', plan.recent!.start),
    ),
  ];
}

/**
 * Where each of a function's series is read from: the periods since the stored series
 * ends (less the overlap), or the whole grid; the coarse sums the minutes reach back to
 * are added up from them instead.
 */
function planFetches(
  series: PlannedSeries[],
  stored: Map<string, SeriesEnd>,
  alignMs: number,
): SeriesPlan[] {
  const plans: SeriesPlan[] = series.map(planned => ({
    ...planned,
    fetchFrom: nextFetchStart(
      stored.get(planned.key),
      planned.gridStart,
      alignMs,
    ),
  }));
  for (const plan of plans) {
    const minutes =
      plan.resolution === 'coarse' &&
      plans.find(
        r =>
          r.resolution === 'recent' &&
          r.metric === plan.metric &&
          r.query.stat === 'Sum',
      );
    // Minutes reach back to the recent grid's start: periods from there on are sums of them.
    if (
      minutes &&
      plan.fetchFrom !== null &&
      plan.fetchFrom !== plan.gridStart &&
      plan.fetchFrom >= minutes.gridStart
    ) {
      plan.sumOf = { minutesKey: minutes.key, from: plan.fetchFrom };
      plan.fetchFrom = null;
    }
  }
  return plans;
}

/** Series of one location read from one start: one StartTime, so calls of their own. */
interface SeriesRead {
  key: string;
  location: AwsLocation;
  fetchFrom: number;
  /** One plan per series key. */
  plans: SeriesPlan[];
  /** Queries a call holds so that its datapoints fit one page. */
  perCall: number;
}

/** The reads the plans need: one per location and start. */
function groupReads(plans: SeriesPlan[], clockEnd: number): SeriesRead[] {
  const byKey = new Map<string, Map<string, SeriesPlan>>();
  for (const plan of plans) {
    if (plan.fetchFrom === null) {
      continue;
    }
    const readKey = `${locationKey(plan.location)}|${plan.fetchFrom}`;
    let read = byKey.get(readKey);
    if (!read) {
      read = new Map();
      byKey.set(readKey, read);
    }
    read.set(plan.key, plan);
  }
  return [...byKey].map(([key, read]) => {
    const unique = [...read.values()];
    const { location, fetchFrom } = unique[0];
    const periods = Math.max(
      ...unique.map(plan => periodsOf(plan, fetchFrom!, clockEnd)),
    );
    return {
      key,
      location,
      fetchFrom: fetchFrom!,
      plans: unique,
      perCall: Math.max(
        1,
        Math.min(
          MAX_QUERIES_PER_GET_METRIC_DATA,
          Math.floor(MAX_DATAPOINTS_PER_GET_METRIC_DATA / periods),
        ),
      ),
    };
  });
}

function periodsOf(plan: SeriesPlan, from: number, to: number): number {
  return Math.ceil((to - from) / (plan.query.periodSeconds * 1000));
}

/**
 * Reads the series from CloudWatch, handing each answer over as soon as its call is in: a
 * backfill's raw answers for many functions (a Date per datapoint) would hold gigabytes at
 * once, and even a round of calls' worth, kept while the others of the round are awaited,
 * outlives the garbage collector's young generation.
 */
async function fetchRead(
  read: SeriesRead,
  clockEnd: number,
  deps: { clients: AwsClientFactory; stats: MetricFetchStats },
  onAnswer: (plan: SeriesPlan, answer: MetricSeries) => void,
): Promise<void> {
  const counts = (deps.stats.byLocation[locationKey(read.location)] ??= {
    queries: 0,
    datapoints: 0,
    reads: 0,
  });
  counts.reads += 1;
  const plans = new Map<string, SeriesPlan>();
  for (const plan of read.plans) {
    counts.queries += 1;
    counts.datapoints += periodsOf(plan, read.fetchFrom, clockEnd);
    plans.set(plan.key, plan);
  }
  const client = await deps.clients.cloudWatch(read.location);
  await fetchBatchedEach(
    client,
    read.plans.map(plan => ({
      key: plan.key,
      queries: [{ ...plan.query, id: 'v' }],
    })),
    { start: new Date(read.fetchFrom), end: new Date(clockEnd) },
    read.perCall,
    (origin, answer) => onAnswer(plans.get(origin.key)!, answer),
  );
}

function fetchPlans(
  functions: FleetFunction[],
  deps: { now: Date; publishingLagMs: number },
): SloFetchPlan[] {
  return functions.map(({ settings }) =>
    sloFetchPlan({
      now: deps.now,
      windowDays: settings.windowDays,
      publishingLagMs: deps.publishingLagMs,
      minuteWindowSeconds: hasRecentSloQueries(settings.pattern)
        ? minuteResolutionSeconds()
        : 0,
    }),
  );
}

/** The series of the functions, and the keys of them all. */
function seriesOfFunctions(
  functions: FleetFunction[],
  plans: SloFetchPlan[],
): { series: PlannedSeries[][]; keys: Set<string> } {
  const series = functions.map((f, i) => seriesOfFunction(f, plans[i]));
  return { series, keys: new Set(series.flat().map(s => s.key)) };
}

/** What a function's reads start on: its coarse periods' boundaries. */
function alignOf(plan: SloFetchPlan): number {
  return plan.coarse.periodSeconds * 1000;
}

/**
 * The GetMetricData calls a refresh at `now` makes for the functions when a refresh at
 * `lastRefresh` brought every series of theirs up to date: the calls {@link
 * collectFleetSlos} makes in a steady state, without a backfill to get there.
 */
export function plannedSteadyMetricCalls(
  functions: FleetFunction[],
  options: { now: Date; lastRefresh: Date; publishingLagMs: number },
): { calls: number; queries: number } {
  const plans = fetchPlans(functions, options);
  const fetchedUntil =
    fetchPlans(functions.slice(0, 1), {
      ...options,
      now: options.lastRefresh,
    })[0]?.clockEnd ?? options.lastRefresh.getTime();
  const planned = seriesOfFunctions(functions, plans);
  const ends = new Map(
    [...planned.keys].map(key => [key, { key, fetchedUntil }]),
  );
  const series = planned.series.flatMap((s, i) =>
    planFetches(s, ends, alignOf(plans[i])),
  );
  let calls = 0;
  let queries = 0;
  for (const read of groupReads(series, plans[0]?.clockEnd ?? 0)) {
    calls += Math.ceil(read.plans.length / read.perCall);
    queries += read.plans.length;
  }
  return { calls, queries };
}

/** What working out the SLOs of a location's functions reads and writes with. */
export interface SloCollectionDeps {
  clients: AwsClientFactory;
  store: FleetSnapshotStore;
  publishingLagMs: number;
  /** The low-traffic guard's floor: fewer requests in a long window never fire its row. */
  minEvents: number;
  now: Date;
  stats: MetricFetchStats;
  /** Gets the keys of the series read, so that the others can be pruned. */
  seriesKeys: Set<string>;
  /** Gets the keys of the settled days kept, so that the others can be pruned. */
  settledDayKeys: Set<string>;
  /** How many functions are worked out together: 125 unless given. */
  functionsPerChunk?: number;
}

/**
 * The buffers the chunks of a location's functions read their stored series into, taken
 * in turn: a chunk's pool is the one of the chunk before it or, with a database server,
 * which reads a chunk while the one before is merged, evaluated and written, of the chunk
 * two before; a pool is taken back once its chunk is written.
 */
class ChunkBufferPools {
  readonly #pools: SeriesBufferPool[];
  #next = 0;

  constructor(store: Pick<FleetSnapshotStore, 'worksBesideTheBackend'>) {
    this.#pools = store.worksBesideTheBackend
      ? [new SeriesBufferPool(), new SeriesBufferPool()]
      : [new SeriesBufferPool()];
  }

  /** The pool of the next chunk read. */
  take(): SeriesBufferPool {
    const pool = this.#pools[this.#next];
    this.#next = (this.#next + 1) % this.#pools.length;
    return pool;
  }
}

/** Functions with their series planned and the short reads under way. */
export interface ShortPeriodReads {
  functions: FleetFunction[];
  plans: SloFetchPlan[];
  series: SeriesPlan[][];
  clockEnd: number;
  /** The answers of the short reads, by series key, until merged. */
  prefetched: Map<string, MetricSeries>;
  /** The keys of the short reads. */
  shortReads: Set<string>;
  /**
   * Settles once the short reads' answers are in `prefetched`, or their location is in
   * `failedLocations`.
   */
  answered: Promise<void>;
  /** Why CloudWatch could not be read, by location. */
  failedLocations: Map<string, string>;
  /** What the chunks' stored series are read into. */
  buffers: ChunkBufferPools;
  /**
   * The read of the first chunk's stored series: not started, under way, or taken by the
   * call that works the functions out (and not kept here past that).
   */
  firstChunk: Promise<ChunkRead> | 'unread' | 'taken';
}

/** Makes a read; a failure marks its location failed, and later reads there are skipped. */
async function fetchReadOrFail(
  read: SeriesRead,
  reads: Pick<ShortPeriodReads, 'clockEnd' | 'failedLocations'>,
  deps: { clients: AwsClientFactory; stats: MetricFetchStats },
  onAnswer: (plan: SeriesPlan, answer: MetricSeries) => void,
): Promise<void> {
  const location = locationKey(read.location);
  if (reads.failedLocations.has(location)) {
    return;
  }
  try {
    await fetchRead(read, reads.clockEnd, deps, onAnswer);
  } catch (error) {
    reads.failedLocations.set(
      location,
      describeAwsFailure(error, {
        service: 'CloudWatch',
        region: read.location.region,
      }).message,
    );
  }
}

/**
 * Plans the series of the functions and starts the short reads (the periods since the
 * last refresh) for all of them at once, so that their calls are full; {@link
 * collectFleetSlos} does the rest, reading the stored series while the answers come in.
 */
export async function readShortPeriods(
  functions: FleetFunction[],
  deps: SloCollectionDeps,
): Promise<ShortPeriodReads> {
  const { store, now, seriesKeys } = deps;
  const plans = fetchPlans(functions, deps);
  const clockEnd = plans[0]?.clockEnd ?? now.getTime();
  const planned = seriesOfFunctions(functions, plans);
  planned.keys.forEach(key => seriesKeys.add(key));
  const ends = await store.readSeriesEnds([...planned.keys]);
  const reads: ShortPeriodReads = {
    functions,
    plans,
    series: planned.series.map((s, i) =>
      planFetches(s, ends, alignOf(plans[i])),
    ),
    clockEnd,
    prefetched: new Map(),
    shortReads: new Set(),
    answered: Promise.resolve(),
    failedLocations: new Map(),
    buffers: new ChunkBufferPools(store),
    firstChunk: 'unread',
  };
  const shortReads = groupReads(reads.series.flat(), clockEnd).filter(
    read => read.perCall === MAX_QUERIES_PER_GET_METRIC_DATA,
  );
  shortReads.forEach(read => reads.shortReads.add(read.key));
  reads.answered = (async () => {
    for (const read of shortReads) {
      await fetchReadOrFail(read, reads, deps, (plan, answer) =>
        reads.prefetched.set(plan.key, answer),
      );
    }
  })();
  // Awaited before the first merge; until then a failure is not unhandled.
  reads.answered.catch(() => {});
  return reads;
}

/**
 * Works out the SLOs of many functions with the SLO math the Operations tab uses, from
 * per-period statistics kept between refreshes: each refresh reads from CloudWatch only
 * the periods since the last one (and a short overlap), across functions in as few
 * GetMetricData calls as the limits allow (500 queries, 100,800 datapoints a call); the
 * first refresh backfills the window. A location CloudWatch cannot be read in makes its
 * functions unavailable, with the reason; the others go on.
 *
 * Short reads (the periods since the last refresh) are made for all the functions at
 * once, so that their calls are full; the stored series are read (the first chunk's while
 * those reads are answered), merged, evaluated and written back a chunk of functions at a
 * time, and long reads (a backfill, whose calls are full after a few dozen queries) are
 * made chunk by chunk, so that memory holds one chunk's month of periods. A database
 * server reads a chunk while the one before is worked out, and writes it while the next
 * one is read and merged. The short reads are {@link readShortPeriods}'s, so that a
 * caller can make those of the next functions while these are worked out.
 */
export async function collectFleetSlos(
  reads: ShortPeriodReads,
  deps: SloCollectionDeps,
  /**
   * The functions worked out next, whose first chunk a database server reads while this
   * call's last one is worked out.
   */
  following?: Promise<ShortPeriodReads>,
): Promise<FleetSloResult[]> {
  const { store } = deps;
  const {
    functions,
    plans,
    series,
    clockEnd,
    prefetched,
    shortReads,
    failedLocations,
  } = reads;
  const fetchOrFail = (
    read: SeriesRead,
    onAnswer: (plan: SeriesPlan, answer: MetricSeries) => void,
  ) => fetchReadOrFail(read, reads, deps, onAnswer);

  const results: FleetSloResult[] = [];
  const perChunk = chunkSize(deps);
  let nextRead: Promise<ChunkRead> | undefined = takeFirstChunk(reads, deps);
  // The chunk before's write, under way while this one is read and merged; its buffers
  // are taken back once it is done.
  let writing: Promise<void> = Promise.resolve();
  for (let i = 0; i < functions.length; i += perChunk) {
    // The store's reads and writes and the SLO math hold the thread; between chunks the
    // answers of the calls in flight (the alarm listing's pages, the next locations'
    // reads) are taken in, and their next calls made.
    await yieldToEventLoop();
    const chunk = series.slice(i, i + perChunk);
    if (!nextRead) {
      // Read after the chunk before is written: it may hold series of this one.
      await writing;
    }
    const { layouts, stored, heads, buffers } = await (nextRead ??
      readChunk(reads, i, deps));
    await reads.answered;
    const updated = new Map<string, StoredSeries>();
    const merge = (plan: SeriesPlan, answer: MetricSeries) => {
      updated.set(
        plan.key,
        mergeOntoGrid(
          plan,
          stored.get(plan.key),
          { fetchedFrom: plan.fetchFrom!, end: clockEnd },
          answer,
        ),
      );
      // Its merge replaces it: keeping both would double the chunk's memory.
      stored.delete(plan.key);
    };
    for (const plan of chunk.flat()) {
      const answer = prefetched.get(plan.key);
      if (answer) {
        prefetched.delete(plan.key);
        merge(plan, answer);
      }
    }
    for (const read of groupReads(chunk.flat(), clockEnd)) {
      if (!shortReads.has(read.key)) {
        await fetchOrFail(read, merge);
      }
    }
    sumCoarseFromMinutes(chunk.flat(), stored, updated, clockEnd);
    // One write at a time, and the buffers of the chunk before taken back before the
    // next chunk is read into them.
    await writing;
    // A database server writes this chunk and reads the next one while its SLOs are
    // worked out and the next chunk is merged; a next chunk with a series of this one
    // (two entities of one function) is read once this one's are written.
    const written = store.writeSeries([...updated.values()]);
    // Awaited through `writing`; until then a failure is not unhandled.
    written.catch(() => {});
    const next = i + perChunk;
    nextRead =
      store.worksBesideTheBackend &&
      next < functions.length &&
      !sharesSeries(chunk, series.slice(next, next + perChunk))
        ? readChunk(reads, next, deps)
        : undefined;
    // Settles once awaited in the next round; until then a failure is not unhandled.
    nextRead?.catch(() => {});
    if (store.worksBesideTheBackend && next >= functions.length) {
      // The following functions are of another account or region: no series in common.
      following?.then(
        followingReads => readFirstChunkAhead(followingReads, deps),
        () => {},
      );
    }
    await yieldToEventLoop();
    const settled: StoredSettledDays[] = [];
    chunk.forEach((plansOfFunction, j) => {
      const failed = plansOfFunction
        .map(plan => failedLocations.get(locationKey(plan.location)))
        .find(Boolean);
      if (failed) {
        results.push({ slos: [], unavailableReason: failed });
        return;
      }
      const data = storedData(
        plansOfFunction,
        key => updated.get(key) ?? stored.get(key),
      );
      const layout = layouts[j];
      const { coarse } = plans[i + j];
      const newDays = settleNewDays(
        layout,
        functions[i + j].settings,
        coarse,
        data.coarse,
      );
      if (newDays) {
        settled.push(newDays);
      }
      results.push({
        slos: evaluateFunction(
          functions[i + j],
          plans[i + j],
          {
            recent: data.recent,
            ...splitWindow(
              layout,
              coarse,
              data.coarse,
              storedData(plansOfFunction, key => heads.get(key)).coarse,
            ),
          },
          deps,
        ),
        unavailableReason: null,
      });
    });
    writing = written.then(async () => {
      if (settled.length > 0) {
        await store.writeSettledDays(settled);
      }
      // The chunk's series are written and its SLOs hold figures alone.
      buffers.reclaim();
    });
    // Awaited in the next round or below; until then a failure is not unhandled.
    writing.catch(() => {});
  }
  await writing;
  return results;
}

/**
 * A chunk's window layouts and stored series, as {@link readStoredSeries} reads them, and
 * the pool of their buffers.
 */
type ChunkRead = {
  layouts: Array<WindowLayout | null>;
  buffers: SeriesBufferPool;
} & Awaited<ReturnType<typeof readStoredSeries>>;

function chunkSize(deps: Pick<SloCollectionDeps, 'functionsPerChunk'>) {
  return deps.functionsPerChunk ?? FUNCTIONS_PER_CHUNK;
}

/**
 * Reads the settled days of the chunk of functions from `start` on, then their stored
 * series around them, into the next pool of buffers.
 */
async function readChunk(
  reads: ShortPeriodReads,
  start: number,
  deps: Pick<
    SloCollectionDeps,
    'store' | 'settledDayKeys' | 'functionsPerChunk'
  >,
): Promise<ChunkRead> {
  const end = start + chunkSize(deps);
  const chunk = {
    functions: reads.functions.slice(start, end),
    plans: reads.plans.slice(start, end),
    series: reads.series.slice(start, end),
  };
  const buffers = reads.buffers.take();
  const layouts = await layoutWindows(
    chunk.functions,
    chunk.plans,
    chunk.series,
    reads,
    deps,
  );
  return {
    layouts,
    buffers,
    ...(await readStoredSeries(chunk.series, layouts, chunk.plans, {
      ...deps,
      buffers,
    })),
  };
}

/** Starts reading the first chunk of the functions before their turn, unless it has. */
function readFirstChunkAhead(
  reads: ShortPeriodReads,
  deps: SloCollectionDeps,
): void {
  if (reads.firstChunk === 'unread') {
    reads.firstChunk = readChunk(reads, 0, deps);
    // Awaited once the functions' turn comes; until then a failure is not unhandled.
    reads.firstChunk.catch(() => {});
  }
}

/** The read of the first chunk of the functions, the one under way or a new one. */
function takeFirstChunk(
  reads: ShortPeriodReads,
  deps: SloCollectionDeps,
): Promise<ChunkRead> {
  readFirstChunkAhead(reads, deps);
  const read = reads.firstChunk as Promise<ChunkRead>;
  reads.firstChunk = 'taken';
  return read;
}

/** Whether two chunks read a series in common. */
function sharesSeries(chunk: SeriesPlan[][], other: SeriesPlan[][]): boolean {
  const keys = new Set(chunk.flat().map(plan => plan.key));
  return other.some(plans => plans.some(plan => keys.has(plan.key)));
}

/**
 * How each function's window is read: with the settled days kept for it, its series are
 * read in the spans around them.
 */
async function layoutWindows(
  functions: FleetFunction[],
  plans: SloFetchPlan[],
  series: SeriesPlan[][],
  reads: Pick<ShortPeriodReads, 'clockEnd'>,
  deps: Pick<SloCollectionDeps, 'store' | 'settledDayKeys'>,
): Promise<Array<WindowLayout | null>> {
  const ids = functions.map((f, j) =>
    settledDaysKey(f, plans[j].coarse, reads.clockEnd),
  );
  const keys = ids.flatMap(id => (id ? [id.key] : []));
  keys.forEach(key => deps.settledDayKeys.add(key));
  const stored = await deps.store.readSettledDays(keys);
  return ids.map(
    (id, j) =>
      id &&
      windowLayout(
        id,
        stored.get(id.key),
        Math.min(
          ...series[j].map(plan =>
            plan.fetchFrom === null ? Infinity : plan.fetchFrom,
          ),
        ),
      ),
  );
}

/**
 * The stored series of a chunk of functions: of a function with settled days kept, its
 * newest days alone, and the first days of its window apart (`heads`); a series two
 * functions read apart differently (two entities of one function, say) is read whole.
 */
async function readStoredSeries(
  chunk: SeriesPlan[][],
  layouts: Array<WindowLayout | null>,
  plans: SloFetchPlan[],
  deps: Pick<SloCollectionDeps, 'store'> & { buffers: SeriesBufferPool },
): Promise<{
  stored: Map<string, StoredSeries>;
  /** The first days of the series read apart; the series read whole otherwise. */
  heads: Map<string, StoredSeries>;
}> {
  const WHOLE = 'whole';
  const partsByName = new Map<string, ReadParts>();
  const nameByKey = new Map<string, string>();
  chunk.forEach((plansOfFunction, j) => {
    const parts = readParts(layouts[j], plans[j].coarse);
    const name = parts ? JSON.stringify(parts) : WHOLE;
    if (parts) {
      partsByName.set(name, parts);
    }
    for (const { key } of plansOfFunction) {
      const other = nameByKey.get(key);
      nameByKey.set(key, other === undefined || other === name ? name : WHOLE);
    }
  });
  const keysByName = new Map<string, string[]>();
  for (const [key, name] of nameByKey) {
    if (!keysByName.get(name)?.push(key)) {
      keysByName.set(name, [key]);
    }
  }
  const stored = new Map<string, StoredSeries>();
  const heads = new Map<string, StoredSeries>();
  for (const [name, keys] of keysByName) {
    const parts = partsByName.get(name);
    const [newest, head] = parts
      ? await deps.store.readSeriesSpans(keys, [parts.newest, parts.head], {
          buffers: deps.buffers,
        })
      : [await deps.store.readSeries(keys, { buffers: deps.buffers })];
    newest.forEach((value, key) => stored.set(key, value));
    (head ?? newest).forEach((value, key) => heads.set(key, value));
  }
  return { stored, heads };
}

/**
 * Merges CloudWatch's answer onto the plan's grid (see `mergeSeries`); a series read
 * within its newest days stays within them.
 */
function mergeOntoGrid(
  plan: SeriesPlan,
  stored: StoredSeries | undefined,
  window: { fetchedFrom: number; end: number },
  answer: MetricSeries,
): StoredSeries {
  if (stored?.gridStart === undefined) {
    return mergeSeries(
      plan.key,
      plan.query.periodSeconds,
      stored,
      { ...window, gridStart: plan.gridStart },
      answer,
    );
  }
  return {
    ...mergeSeries(
      plan.key,
      plan.query.periodSeconds,
      stored,
      { ...window, gridStart: Math.max(plan.gridStart, stored.firstPeriod) },
      answer,
    ),
    gridStart: plan.gridStart,
  };
}

/** The coarse periods since the last refresh as sums of the minutes just read. */
function sumCoarseFromMinutes(
  plans: SeriesPlan[],
  stored: Map<string, StoredSeries>,
  updated: Map<string, StoredSeries>,
  clockEnd: number,
) {
  for (const plan of plans) {
    const minutes = plan.sumOf && updated.get(plan.sumOf.minutesKey);
    const coarse = stored.get(plan.key);
    if (plan.sumOf && minutes && coarse) {
      updated.set(
        plan.key,
        sumIntoPeriods(
          mergeOntoGrid(
            plan,
            coarse,
            { fetchedFrom: plan.sumOf.from, end: clockEnd },
            NO_DATAPOINTS,
          ),
          minutes,
          plan.sumOf.from,
        ),
      );
      stored.delete(plan.key);
    }
  }
}

type StoredData = Partial<Record<SloMetric, PeriodValues>>;

/** A function's stored series by metric, handed over as stored: no copy. */
function storedData(
  series: SeriesPlan[],
  seriesOf: (key: string) => StoredSeries | undefined,
): { coarse: StoredData; recent: StoredData } {
  const data = { coarse: {} as StoredData, recent: {} as StoredData };
  for (const s of series) {
    const stored = seriesOf(s.key);
    if (stored) {
      data[s.resolution][s.metric] = {
        start: stored.firstPeriod,
        periodSeconds: stored.periodSeconds,
        values: stored.values,
      };
    }
  }
  return data;
}

/**
 * One function's SLOs from its stored series, by the Operations tab's math; without the
 * budget's burn-down, which only the tab draws. The window before `coarse` comes as
 * settled days when `earlier` is given.
 */
function evaluateFunction(
  { fn, settings }: FleetFunction,
  plan: SloFetchPlan,
  window: {
    coarse: PeriodGrid;
    data: SloDatapoints;
    recent: StoredData;
    earlier?: EarlierWindow;
  },
  deps: { publishingLagMs: number; minEvents: number; now: Date },
): Slo[] {
  const freshness = {
    now: deps.now.getTime(),
    publishingLagMs: deps.publishingLagMs,
    newestDataEnd: newestMinuteEnd(Object.values(window.recent)),
  };
  return evaluatePatternSlos(
    fn,
    settings,
    {
      coarse: window.coarse,
      recent: plan.recent,
      earlier: window.earlier,
      end: publishedDataEnd(freshness),
      days: settings.windowDays,
      minEvents: deps.minEvents,
      // No fleet view draws it; for 10,000 entities it was a large part of the snapshot.
      withBurnDown: false,
    },
    { coarse: window.data, recent: window.recent },
  );
}
