/**
 * What a fleet refresh costs, against the AWS emulator holding a fleet, every AWS call
 * delayed 50 ms: GetMetricData calls against their floor, DescribeAlarms pages, wall
 * time against 50 requests a second, the metrics requested and their list price, peak
 * memory, for steady refreshes back to back and after idling as between refreshes 5
 * minutes apart; and what a cold entity page asks of AWS while the alarm listing is cached.
 * The collector runs with the listeners the plugin gives it. Prints figures; it asserts
 * nothing. Sizes: `LAMBDA_OPS_BENCH_FLEET_SIZES`, e.g. `1000,10000`; 1,000 by default,
 * since 10,000 takes twenty minutes or more (run it with `node --max-old-space-size=256`
 * to keep its memory near what it holds).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import {
  createFleet,
  EmulatorStats,
  fleetAwsAccounts,
} from '@lambda-ops/aws-emulator';
import {
  DEFAULT_MIN_EVENTS,
  DEFAULT_LAMBDA_OPS_SETTINGS,
  DEFAULT_PUBLISHING_LAG_MS,
  parseLambdaOpsAnnotations,
} from '@lambda-ops/backstage-plugin-common';
import { AlarmsService } from '../src/services/AlarmsService';
import { DefaultAwsClientFactory } from '../src/services/AwsClientFactory';
import { DeployMarkerStore } from '../src/services/DeployMarkerStore';
import { MetricsService } from '../src/services/MetricsService';
import type { RunbookService } from '../src/services/RunbookService';
import { SloService } from '../src/services/SloService';
import { TriageService } from '../src/services/TriageService';
import {
  FleetCollector,
  FleetRefreshReport,
} from '../src/services/fleet/FleetCollector';
import type { FleetRefreshedEvent } from '../src/services/fleet/FleetRefreshListener';
import { FleetSnapshotStore } from '../src/services/fleet/FleetSnapshotStore';
import { PageIncidentRecorder } from '../src/services/review/PageIncidentRecorder';
import { PageIncidentStore } from '../src/services/review/PageIncidentStore';
import { SloAttainmentRecorder } from '../src/services/review/SloAttainmentRecorder';
import { SloAttainmentStore } from '../src/services/review/SloAttainmentStore';
import { EntitySignals } from '../src/services/signals/EntitySignals';
import {
  FleetFunction,
  plannedSteadyMetricCalls,
} from '../src/services/fleet/fleetSlos';
import { openBenchDatabase } from './benchDatabase';

const NOW = new Date('2026-11-29T12:00:00Z');
const LATENCY_MS = 50;
/** GetMetricData's default quota: 50 transactions a second per account and region. */
const REQUESTS_PER_SECOND = 50;
/** CloudWatch list price: GetMetricData, $0.01 per 1,000 metrics requested. */
const DOLLARS_PER_METRIC = 0.01 / 1000;
/** The default `lambdaOps.collector.schedule` frequency. */
const REFRESHES_PER_DAY = (24 * 60) / 5;
const MB = 1024 * 1024;

const silentLogger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
} as unknown as LoggerService;

const DEFAULTS = { ...DEFAULT_LAMBDA_OPS_SETTINGS, region: 'us-east-1' };
/** The size of the steady refresh's own GetMetricData target. */
const STEADY_API_FUNCTIONS = 10_000;
const STEADY_API_CALLS_TARGET = 90;

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (value: number, floor: number) =>
  floor === 0 ? '-' : `${(value / floor).toFixed(3)}×`;

/** The peaks of the process's memory while `work` runs, in bytes. */
interface MemoryPeaks {
  rss: number;
  heapUsed: number;
  /** Memory outside V8's heap: typed arrays' backing stores, Buffers, the driver's. */
  external: number;
  /** The part of `external` that is ArrayBuffers (typed arrays, Buffers). */
  arrayBuffers: number;
}

/**
 * With `LAMBDA_OPS_BENCH_CPU_PROFILE` set to a folder, writes a `.cpuprofile` of `work`
 * there (open it in Chrome's DevTools), named after `label`.
 */
async function withCpuProfile<T>(
  label: string,
  work: () => Promise<T>,
): Promise<T> {
  const folder = process.env.LAMBDA_OPS_BENCH_CPU_PROFILE;
  if (!folder) {
    return work();
  }
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(
      join(folder, `${label.replace(/\W+/g, '-')}.cpuprofile`),
      JSON.stringify(profile),
    );
    session.disconnect();
  }
}

/** Samples the process's memory while `work` runs. */
async function withPeakMemory<T>(
  work: () => Promise<T>,
): Promise<{ result: T; peaks: MemoryPeaks }> {
  const peaks: MemoryPeaks = {
    rss: 0,
    heapUsed: 0,
    external: 0,
    arrayBuffers: 0,
  };
  const sample = () => {
    const usage = process.memoryUsage();
    for (const field of Object.keys(peaks) as Array<keyof MemoryPeaks>) {
      peaks[field] = Math.max(peaks[field], usage[field]);
    }
  };
  sample();
  const timer = setInterval(sample, 50);
  try {
    const result = await work();
    sample();
    return { result, peaks };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Idles as a backend does between refreshes 5 minutes apart, until V8 has handed back the
 * pages its collections freed: its memory reducer does so some seconds after the process
 * goes quiet (30-40 s here), and till then the RSS keeps the pages of the busiest moment.
 * Waits at most `LAMBDA_OPS_BENCH_IDLE_SECONDS` (60 by default); stops once the RSS has
 * fallen by a tenth and held for 2 s. Answers the RSS before and after, and the wait.
 */
async function idleLikeABackend(
  maxSeconds: number,
): Promise<{ before: number; after: number; seconds: number }> {
  const start = performance.now();
  const before = process.memoryUsage().rss;
  let after = before;
  let heldSince = start;
  while (performance.now() - start < maxSeconds * 1000) {
    await sleep(1000);
    const rss = process.memoryUsage().rss;
    if (rss < after - MB) {
      heldSince = performance.now();
    }
    after = Math.min(after, rss);
    if (after < before * 0.9 && performance.now() - heldSince >= 2000) {
      break;
    }
  }
  return { before, after, seconds: (performance.now() - start) / 1000 };
}

/**
 * The emulator in a process of its own, so that the memory figure is the backend's
 * alone; driven through its control API.
 */
async function startEmulatorProcess(fleet: { size: number; seed: number }) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      require.resolve('@lambda-ops/aws-emulator/bin/lambda-ops-aws-emulator'),
      '--port=0',
      '--publishing-lag=0',
      `--fleet=${fleet.size}`,
      `--fleet-seed=${fleet.seed}`,
    ],
    {
      env: { ...process.env, LAMBDA_OPS_EMULATOR_NOW: NOW.toISOString() },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  let url: string | undefined;
  for await (const chunk of child.stdout!) {
    output += chunk;
    url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (url) break;
  }
  if (!url) {
    throw new Error(`The AWS emulator did not start: ${output}`);
  }
  child.stdout!.resume();
  const control = async (path: string, body?: object) => {
    const response = await fetch(`${url}/_emulator/${path}`, {
      method: body ? 'POST' : 'GET',
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) {
      throw new Error(`Emulator ${path}: ${await response.text()}`);
    }
    return response.json();
  };
  return {
    url,
    setKnobs: (knobs: object) => control('knobs', knobs),
    setNow: (now: Date) => control('now', { now: now.toISOString() }),
    resetStats: () => control('stats/reset', {}),
    stats: (): Promise<EmulatorStats> => control('stats'),
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/**
 * The catalog answering as the catalog client does, each call's entities parsed anew from
 * JSON: the in-memory catalog hands out the very objects it holds, which would keep the
 * entities a refresh reads out of its memory figure.
 */
function catalogAsOverHttp(catalog: CatalogService): CatalogService {
  const overHttp: CatalogService = Object.create(catalog);
  overHttp.getEntities = async (request, options) =>
    JSON.parse(JSON.stringify(await catalog.getEntities(request, options)));
  return overHttp;
}

function floorOf(report: FleetRefreshReport) {
  let queries = 0;
  let floor = 0;
  for (const counts of Object.values(report.metrics.byLocation)) {
    queries += counts.queries;
    floor += Math.max(
      Math.ceil(counts.queries / 500),
      Math.ceil(counts.datapoints / 100_800),
    );
  }
  return { queries, floor };
}

async function benchFleet(size: number): Promise<void> {
  const fleetOptions = { size, seed: 7 };
  const benchDatabase = await openBenchDatabase('lambda_ops_fleet_bench');
  const emulator = await startEmulatorProcess(fleetOptions).catch(
    async error => {
      await benchDatabase.close();
      throw error;
    },
  );
  try {
    await emulator.setKnobs({ latencyMs: LATENCY_MS });
    const fleet = createFleet(fleetOptions);
    const manifest = fleet.manifest();
    const entities = [...fleet.entities()] as Entity[];
    const database = mockServices.database({ knex: benchDatabase.knex });
    const store = await FleetSnapshotStore.create({ database });
    const clients = DefaultAwsClientFactory.create({
      credentialsManager: DefaultAwsCredentialsManager.fromConfig(
        new ConfigReader({ aws: { accounts: fleetAwsAccounts() } }),
      ),
      settings: { endpoints: { cloudwatch: emulator.url }, maxAttempts: 3 },
    });
    let now = NOW;
    const values = new Map<string, { json: string; expiresAt: number }>();
    // As Backstage's memory store: values kept as JSON, until their TTL runs out on the
    // benchmark's clock.
    const cache = {
      get: async (key: string) => {
        const entry = values.get(key);
        return entry && now.getTime() < entry.expiresAt
          ? JSON.parse(entry.json)
          : undefined;
      },
      set: async (key: string, value: unknown, options?: { ttl?: number }) => {
        values.set(key, {
          json: JSON.stringify(value),
          expiresAt: now.getTime() + (options?.ttl ?? Infinity),
        });
      },
      delete: async (key: string) => {
        values.delete(key);
      },
      withOptions() {
        return cache;
      },
    } as unknown as CacheService;
    // The default TTLs (`lambdaOps.alarms.listingTtl`, `tagsTtl`).
    const alarms = new AlarmsService({
      clients,
      cache,
      listingTtlMs: 300_000,
      tagsTtlMs: 3_600_000,
    });
    const defaults = DEFAULTS;
    const collector = new FleetCollector({
      catalog: catalogAsOverHttp(catalogServiceMock({ entities })),
      auth: mockServices.auth(),
      clients,
      alarms,
      // Runbook hosts are not what this measures.
      runbooks: {
        checkRunbook: async (_: unknown, url: string) => ({
          url,
          readable: true,
          reason: null,
        }),
      } as unknown as RunbookService,
      deployMarkers: await DeployMarkerStore.create({ database }),
      store,
      logger: silentLogger,
      defaults,
      publishingLagMs: DEFAULT_PUBLISHING_LAG_MS,
      minEvents: DEFAULT_MIN_EVENTS,
      now: () => now,
    });
    // The calls of the collector alone, taken once it has stored the snapshot: its
    // batching is what the floors measure.
    let collectorStats: EmulatorStats | undefined;
    // The first refresh's event, for the review's months it leaves (filled below); let go
    // of once they are, as a backend keeps no event past its listeners.
    let firstRefresh: FleetRefreshedEvent | undefined;
    collector.addListener({
      async onFleetRefreshed(event) {
        collectorStats = await emulator.stats();
        firstRefresh ??= event;
      },
    });
    // The listeners the plugin adds, each told after every refresh: their work and memory
    // are part of the refresh a backend runs.
    const sloReviewMonths = new SloAttainmentRecorder({
      clients,
      store: await SloAttainmentStore.create({ database }),
      logger: silentLogger,
      minEvents: DEFAULT_MIN_EVENTS,
    });
    collector.addListener(sloReviewMonths);
    collector.addListener(
      new PageIncidentRecorder({
        store: await PageIncidentStore.create({ database }),
      }),
    );
    collector.addListener(
      new EntitySignals({
        signals: { publish: async () => {} },
        logger: silentLogger,
      }),
    );

    const refresh = async (label: string) => {
      await emulator.resetStats();
      collectorStats = undefined;
      const start = performance.now();
      const cpuBefore = process.cpuUsage();
      const { result: report, peaks } = await withPeakMemory(() =>
        withCpuProfile(label, () => collector.refresh()),
      );
      const seconds = (performance.now() - start) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const stats = await emulator.stats();
      const { queries, floor } = floorOf(report);
      const getMetricData = collectorStats!.calls.GetMetricData ?? 0;
      const listenersGetMetricData =
        (stats.calls.GetMetricData ?? 0) - getMetricData;
      const bound = stats.totalCalls / REQUESTS_PER_SECOND;
      console.log(
        `  ${label}: GetMetricData ${count(getMetricData)} calls, floor ${count(
          floor,
        )} (${ratio(getMetricData, floor)}, target ≤ 1.1×); ${count(
          queries,
        )} metrics requested; wall ${seconds.toFixed(
          1,
        )} s (the backend's CPU ${cpuSeconds.toFixed(1)} s) for ${count(
          stats.totalCalls,
        )} AWS calls${
          listenersGetMetricData > 0
            ? ` (${count(
                listenersGetMetricData,
              )} of them GetMetricData calls of the SLO review's months, after the snapshot)`
            : ''
        }, bound at ${REQUESTS_PER_SECOND} req/s ${bound.toFixed(1)} s (${ratio(
          seconds,
          bound,
        )}, target ≤ 1.5×); peak RSS ${count(
          peaks.rss / MB,
        )} MB (backend process alone; target < 512 MB; peaks of the V8 heap used ${count(
          peaks.heapUsed / MB,
        )} MB, off-heap ${count(
          peaks.external / MB,
        )} MB, of it ArrayBuffers ${count(peaks.arrayBuffers / MB)} MB)`,
      );
      return { report, stats, queries, getMetricData, seconds, bound };
    };

    console.log(
      `fleet of ${count(size)} functions (${count(
        manifest.functions.byPattern.api,
      )} api, ${count(manifest.functions.byPattern.async)} async, ${count(
        manifest.functions.byPattern.batch,
      )} batch), ${LATENCY_MS} ms a call, the plugin's database ${
        benchDatabase.description
      }:`,
    );
    console.log(
      `  backend RSS before the first refresh: ${count(
        process.memoryUsage().rss / MB,
      )} MB (modules, catalog entities)`,
    );
    const first = await refresh('first refresh (backfill)');
    const pages = manifest.accounts.flatMap(account =>
      account.regions.map(region => ({
        where: `${account.accountId}/${region.region}`,
        floor: Math.max(
          1,
          Math.ceil((region.metricAlarms + region.compositeAlarms) / 100),
        ),
        pages:
          first.stats.byAccount[account.accountId]?.[region.region]?.calls
            .DescribeAlarms ?? 0,
      })),
    );
    for (const { where, floor, pages: made } of pages) {
      console.log(
        `  DescribeAlarms ${where}: ${made} pages, floor ${floor} (${ratio(
          made,
          floor,
        )}, target ≤ 1.1×)`,
      );
    }
    // The review's months the first refresh left for the refreshes after it: filled here,
    // as those refreshes would, so that the steady refreshes below are steady.
    let fills = 0;
    let fillCalls = 0;
    const fillStart = performance.now();
    // A bound, should an entity's month be read on every refresh without being kept.
    while (fills < 100) {
      await emulator.resetStats();
      await sloReviewMonths.onFleetRefreshed(firstRefresh!);
      const calls = (await emulator.stats()).calls.GetMetricData ?? 0;
      if (calls === 0) {
        break;
      }
      fills += 1;
      fillCalls += calls;
    }
    firstRefresh = undefined;
    console.log(
      `  the SLO review's months left by the first refresh: filled by the ${fills} refreshes after it, ${count(
        fillCalls,
      )} GetMetricData calls, ${(
        (performance.now() - fillStart) /
        1000 /
        Math.max(1, fills)
      ).toFixed(1)} s a refresh`,
    );
    // Three, for one refresh's wall time varies with where the garbage collector runs.
    const steadyRefreshes: Array<Awaited<ReturnType<typeof refresh>>> = [];
    for (const minutes of [5, 10, 15]) {
      now = new Date(now.getTime() + 5 * 60_000);
      await emulator.setNow(now);
      steadyRefreshes.push(
        await refresh(`steady refresh (${minutes} minutes later)`),
      );
    }
    // The newest refresh: the planner's figure below is of the same moment.
    let steady = steadyRefreshes[steadyRefreshes.length - 1];
    printMedianWall('steady refresh wall', steadyRefreshes);
    // The refreshes above ran back to back, as in a backend kept busy between them; a
    // backend otherwise quiet idles 5 minutes, hands its freed pages back, and grows its
    // heap again in the next refresh.
    const idleSeconds = Number(process.env.LAMBDA_OPS_BENCH_IDLE_SECONDS ?? 60);
    if (idleSeconds > 0) {
      const afterIdle: typeof steadyRefreshes = [];
      for (const minutes of [20, 25, 30]) {
        const idle = await idleLikeABackend(idleSeconds);
        console.log(
          `  idle between refreshes: RSS ${count(idle.before / MB)} MB, ${count(
            idle.after / MB,
          )} MB after ${idle.seconds.toFixed(0)} s`,
        );
        now = new Date(now.getTime() + 5 * 60_000);
        await emulator.setNow(now);
        afterIdle.push(
          await refresh(
            `steady refresh after the backend idled (${minutes} minutes later)`,
          ),
        );
      }
      printMedianWall('steady refresh after idling, wall', afterIdle);
      steady = afterIdle[afterIdle.length - 1];
    }
    const apiQueries = Object.values(steady.report.metrics.byLocation).length;
    const planned = plannedSteadyMetricCalls(fleetFunctions(entities), {
      now,
      lastRefresh: new Date(now.getTime() - 5 * 60_000),
      publishingLagMs: DEFAULT_PUBLISHING_LAG_MS,
    });
    console.log(
      `  the planner's steady refresh of this fleet: ${count(
        planned.calls,
      )} GetMetricData calls for ${count(
        planned.queries,
      )} metrics (measured: ${count(steady.getMetricData)} calls, ${count(
        steady.queries,
      )} metrics)`,
    );
    console.log(
      `  steady refresh: ${count(steady.queries)} metrics requested, $${(
        steady.queries *
        DOLLARS_PER_METRIC *
        REFRESHES_PER_DAY
      ).toFixed(2)} a day at one refresh every 5 minutes (${count(
        REFRESHES_PER_DAY,
      )} a day; ${apiQueries} accounts and regions)`,
    );

    // A cold entity page while the listing (and its alarms' tags) is cached: its alarms
    // and its SLOs, the triage's metrics with them.
    const fn = [...fleet.functions()].find(f => f.pattern === 'api')!;
    const entity = entities.find(e => e.metadata.name === fn.entity.name)!;
    const settings = parseLambdaOpsAnnotations(entity, defaults);
    // The page reads the collector's stored periods, as the plugin's SloService does.
    const slos = new SloService({
      metrics: new MetricsService({ clients }),
      publishingLagMs: DEFAULT_PUBLISHING_LAG_MS,
      minEvents: DEFAULT_MIN_EVENTS,
      stored: store,
    });
    await emulator.resetStats();
    await Promise.all([
      alarms.getAlarms(settings.functions[0], {
        alarmPrefix: settings.alarmPrefix,
      }),
      slos.computeSlos(
        settings.functions[0],
        settings,
        now,
        new TriageService({ clients }).saturationQueries(
          settings.functions[0],
          settings,
        ),
      ),
    ]);
    const page = await emulator.stats();
    console.log(
      `  cold entity page (${fn.name}), alarm listing cached: ${
        page.totalCalls
      } AWS calls for its alarms and SLOs (${JSON.stringify(page.calls)}), ${
        page.calls.GetMetricData ?? 0
      } GetMetricData with the triage's metrics in them (target: ≤ 3 calls, 1 GetMetricData)`,
    );
  } finally {
    await benchDatabase.close();
    await emulator.stop();
  }
}

/** The median wall time of three refreshes, against their bound. */
function printMedianWall(
  label: string,
  refreshes: ReadonlyArray<{ seconds: number; bound: number }>,
): void {
  const [median] = [...refreshes]
    .sort((a, b) => a.seconds - b.seconds)
    .slice(1);
  console.log(
    `  ${label}, the median of the three: ${median.seconds.toFixed(
      2,
    )} s, bound ${median.bound.toFixed(2)} s (${ratio(
      median.seconds,
      median.bound,
    )}, target ≤ 1.5×)`,
  );
}

/** Every function of the entities, with its entity's settings. */
function fleetFunctions(entities: Iterable<Entity>): FleetFunction[] {
  return [...entities].flatMap(entity => {
    const settings = parseLambdaOpsAnnotations(entity, DEFAULTS);
    return settings.functions.map(fn => ({ fn, settings }));
  });
}

/**
 * The steady refresh of 10,000 api functions, in GetMetricData calls, by the collector's
 * own planner on the emulator fleet's entities: every series brought up to date by a
 * refresh 5 minutes before, as after a backfill, which at this size takes longer than
 * the benchmark should.
 */
function benchSteadyApiCalls(): void {
  const fleet = createFleet({
    size: Math.ceil(STEADY_API_FUNCTIONS / 0.6),
    seed: 7,
  });
  const api = fleetFunctions(fleet.entities() as Iterable<Entity>)
    .filter(({ settings }) => settings.pattern === 'api')
    .slice(0, STEADY_API_FUNCTIONS);
  const now = new Date(NOW.getTime() + 5 * 60_000);
  const { calls, queries } = plannedSteadyMetricCalls(api, {
    now,
    lastRefresh: NOW,
    publishingLagMs: DEFAULT_PUBLISHING_LAG_MS,
  });
  console.log(
    `steady refresh, ${count(api.length)} api functions: ${count(
      calls,
    )} GetMetricData calls (target ≤ ${STEADY_API_CALLS_TARGET}; ${count(
      queries,
    )} metrics; the collector's planner on the emulator fleet's entities, each series up to date 5 minutes before, without the backfill)`,
  );
}

export async function main(): Promise<void> {
  const sizes = (process.env.LAMBDA_OPS_BENCH_FLEET_SIZES ?? '1000')
    .split(',')
    .filter(Boolean)
    .map(Number);
  for (const size of sizes) {
    await benchFleet(size);
  }
  // Last: its entities would count in the memory of the refreshes above. `bench/run.js`
  // says "no" to all but the last of the processes it runs the sizes in.
  if (process.env.LAMBDA_OPS_BENCH_FLEET_PLAN !== 'no') {
    benchSteadyApiCalls();
  }
}
