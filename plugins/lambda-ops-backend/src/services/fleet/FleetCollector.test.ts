import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createFleet,
  fleetAwsAccounts,
  KnobSettings,
  RunningAwsEmulator,
  startAwsEmulator,
} from '@lambda-ops/aws-emulator';
import {
  DEFAULT_MIN_EVENTS,
  DEFAULT_LAMBDA_OPS_SETTINGS,
  entityFleetStatus,
  parseLambdaOpsAnnotations,
  Slo,
} from '@lambda-ops/backstage-plugin-common';
import { AlarmsService } from '../AlarmsService';
import { DefaultAwsClientFactory } from '../AwsClientFactory';
import { DeployMarkerStore } from '../DeployMarkerStore';
import { MetricsService } from '../MetricsService';
import type { RunbookService } from '../RunbookService';
import { SloService } from '../SloService';
import { inMemoryLambdaOpsMetrics } from '../../__testUtils__/inMemoryMetrics';
import { FleetCollector } from './FleetCollector';
import type { MetricFetchStats } from './fleetSlos';
import type { FleetRefreshedEvent } from './FleetRefreshListener';
import { FleetSnapshotStore } from './FleetSnapshotStore';
import {
  describeEachDatabase,
  storeDatabaseIds,
} from '../../__testUtils__/databases';
import type { AwsClientFactory } from '../AwsClientFactory';
import type { Knex } from '../databaseClient';
import { SeriesBufferPool } from './periodSeries';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-29T12:00:00Z');
const MINUTE_MS = 60_000;
const FLEET = { size: 50, seed: 7 };
const PUBLISHING_LAG_MS = 3 * MINUTE_MS;
const DEFAULTS = { ...DEFAULT_LAMBDA_OPS_SETTINGS, region: 'us-east-1' };

/** An in-memory cache that keeps values as JSON, as Backstage's stores do. */
function jsonCache() {
  const values = new Map<string, string>();
  return mockServices.cache.mock({
    get: async (key: string) =>
      values.has(key) ? JSON.parse(values.get(key)!) : undefined,
    set: async (key: string, value: unknown) => {
      values.set(key, JSON.stringify(value));
    },
  });
}

/** Reads runbooks over HTTP the way the URL reader would: a 404 is unreadable. */
const httpRunbooks = {
  async checkRunbook(_entity: unknown, link: string) {
    const unreadable = (reason: string) => ({
      url: link,
      readable: false,
      reason,
    });
    try {
      const response = await fetch(link);
      await response.arrayBuffer();
      return response.ok
        ? { url: link, readable: true, reason: null }
        : unreadable(`answers ${response.status}`);
    } catch (error) {
      return unreadable(`could not be read (${(error as Error).message})`);
    }
  },
} as unknown as RunbookService;

/**
 * GetMetricData's floor for what a refresh asked, per account and region (a call reads
 * one): 500 queries or 100,800 datapoints a call.
 */
function callFloor(metrics: MetricFetchStats) {
  return Object.values(metrics.byLocation).reduce(
    (total, counts) =>
      total +
      Math.max(
        Math.ceil(counts.queries / 500),
        Math.ceil(counts.datapoints / 100_800),
      ),
    0,
  );
}

function totals(metrics: MetricFetchStats) {
  const all = Object.values(metrics.byLocation);
  return {
    queries: all.reduce((total, c) => total + c.queries, 0),
    datapoints: all.reduce((total, c) => total + c.datapoints, 0),
  };
}

/** Whether a function of each made health pages; null: either may be right. */
const PAGES_BY_EXPECTED_STATUS: Record<string, boolean | null> = {
  page: true,
  ok: false,
  warning: null,
  'no-data': null,
};

/**
 * The figures the fleet views read from an SLO; the burn's start minute and the burn-down
 * chart are the tab's alone.
 */
/**
 * Numbers to 12 significant digits: the emulator's counts have fractions, which added up
 * day by day differ from the same added up period by period in the last bits (CloudWatch's
 * counts are whole, and add up exactly in any order).
 */
function toPrecision(value: unknown): unknown {
  if (typeof value === 'number') {
    return Number(value.toPrecision(12));
  }
  if (Array.isArray(value)) {
    return value.map(toPrecision);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, toPrecision(v)]),
    );
  }
  return value;
}

function figures(slo: Slo) {
  const { burningSince, burnDown, ...rest } = slo;
  return toPrecision(rest);
}

/** A collector on the database and the emulator, with what the tests look into. */
async function collectorOn(
  knex: Knex,
  options: {
    emulator: RunningAwsEmulator;
    entities: Entity[];
    now: () => Date;
    functionsPerChunk: number;
  },
) {
  const database = mockServices.database({ knex });
  const store = await FleetSnapshotStore.create({ database });
  const deployMarkers = await DeployMarkerStore.create({ database });
  const clients = DefaultAwsClientFactory.create({
    credentialsManager: DefaultAwsCredentialsManager.fromConfig(
      new ConfigReader({ aws: { accounts: fleetAwsAccounts() } }),
    ),
    settings: {
      endpoints: { cloudwatch: options.emulator.url },
      maxAttempts: 3,
    },
  });
  const catalog = catalogServiceMock({ entities: options.entities });
  const telemetry = inMemoryLambdaOpsMetrics();
  const collector = new FleetCollector({
    catalog,
    auth: mockServices.auth(),
    clients,
    alarms: new AlarmsService({
      clients,
      cache: jsonCache(),
      listingTtlMs: 300_000,
    }),
    runbooks: httpRunbooks,
    deployMarkers,
    store,
    logger: mockServices.logger.mock(),
    defaults: DEFAULTS,
    publishingLagMs: PUBLISHING_LAG_MS,
    minEvents: DEFAULT_MIN_EVENTS,
    now: options.now,
    metrics: telemetry.metrics,
    functionsPerChunk: options.functionsPerChunk,
  });
  return {
    collector,
    store,
    deployMarkers,
    clients,
    catalog,
    metricPoints: telemetry.points,
  };
}

/** The SLOs the Operations tab works out for an entity from a fresh 30-day read. */
async function slosOfTheTab(
  clients: AwsClientFactory,
  entity: Entity,
  now: Date,
): Promise<Slo[]> {
  const slos = new SloService({
    metrics: new MetricsService({ clients }),
    publishingLagMs: PUBLISHING_LAG_MS,
    minEvents: DEFAULT_MIN_EVENTS,
  });
  const settings = parseLambdaOpsAnnotations(entity, DEFAULTS);
  return (await slos.computeSlos(settings.functions[0], settings, now)).slos;
}

// The tests run in order on one database: the first refresh backfills, the next ones build on it.
describe('FleetCollector against the emulator fleet', () => {
  let emulator: RunningAwsEmulator;
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let ctx: Awaited<ReturnType<typeof setUp>>;
  const fleet = createFleet(FLEET);
  const entities = [...fleet.entities()];
  const components = entities.filter(entity => entity.kind === 'Component');
  // The functions whose figures are compared with the Operations tab's, their entities
  // with maintenance declared: a nightly hour and a one-off inside the newest hour, so
  // both the coarse periods and the minutes leave out some time.
  const compared = [
    ...[...fleet.functions()]
      .filter(fn => fn.pattern === 'api')
      .filter(fn => ['page', 'ticket', 'healthy'].includes(fn.health))
      .slice(0, 3),
    ...[...fleet.functions()].filter(fn => fn.pattern === 'async').slice(0, 2),
  ];
  for (const fn of compared) {
    const entity = components.find(e => e.metadata.name === fn.entity.name)!;
    entity.metadata.annotations = {
      ...entity.metadata.annotations,
      'lambda-ops/exclusion-windows':
        '[{schedule: "0 3 * * *", duration: 1h, reason: Nightly backup}, {start: "2026-11-29T11:00:00Z", duration: 20m, reason: Failover drill}]',
    };
  }

  beforeAll(async () => {
    emulator = await startAwsEmulator({ now: NOW, fleet: FLEET });
    ctx = await setUp();
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.resetStats();
  });

  async function setUp() {
    let now = NOW;
    const parts = await collectorOn(await databases.init('SQLITE_3'), {
      emulator,
      entities: entities as Entity[],
      now: () => now,
      // Several chunks, the later ones read into the buffers of those before.
      functionsPerChunk: 20,
    });
    const advanceTo = (later: Date) => {
      now = later;
      emulator.setNow(now);
    };
    const advance = (minutes: number) =>
      advanceTo(new Date(now.getTime() + minutes * MINUTE_MS));
    return { ...parts, advance, advanceTo };
  }

  it('snapshots every Lambda-backed entity, backfilling in as few GetMetricData calls as the limits allow', async () => {
    const { collector, store } = ctx;
    await expect(store.readSnapshot()).resolves.toEqual({
      snapshotAt: null,
      stale: false,
      staleReason: null,
      entities: [],
    });

    const report = await collector.refresh();

    const snapshot = await store.readSnapshot();
    expect(snapshot.snapshotAt).toBe(NOW.toISOString());
    expect(snapshot.entities).toHaveLength(components.length);
    expect(snapshot.entities.filter(e => e.unavailableReason !== null)).toEqual(
      [],
    );
    const calls = emulator.stats().calls;
    // Full calls: at most one part-full call per read (a StartTime in an account and
    // region) over the floor, which is what makes 1.1 × the floor at fleet scale.
    const reads = Object.values(report.metrics.byLocation).reduce(
      (total, counts) => total + counts.reads,
      0,
    );
    expect(calls.GetMetricData).toBeLessThanOrEqual(
      callFloor(report.metrics) + reads,
    );
    expect(calls.DescribeAlarmsForMetric).toBeUndefined();
    // One listing of each account and region, pages of 100.
    const manifest = fleet.manifest();
    const pages = manifest.accounts.flatMap(account =>
      account.regions.map(region =>
        Math.max(
          1,
          Math.ceil((region.metricAlarms + region.compositeAlarms) / 100),
        ),
      ),
    );
    expect(calls.DescribeAlarms).toBe(pages.reduce((a, b) => a + b, 0));

    // The statuses the fleet's functions were made to have, by the SLO math, and the
    // alarms they were given.
    const seen = [...fleet.functions()].map(fn => {
      const entity = snapshot.entities.find(e =>
        e.entityRef.endsWith(`/${fn.entity.name}`),
      )!;
      return {
        name: fn.name,
        // A ticket-burning function may also page on its latency: not asserted.
        pages:
          fn.expectedStatus === 'page' || fn.expectedStatus === 'ok'
            ? entity.slos.some(slo => slo.status === 'page')
            : null,
        alarms: entity.alarms.map(a => a.name).sort(),
      };
    });
    expect(seen).toEqual(
      [...fleet.functions()].map(fn => ({
        name: fn.name,
        pages: PAGES_BY_EXPECTED_STATUS[fn.expectedStatus],
        alarms: fn.alarms.map(a => a.name).sort(),
      })),
    );

    // What the plugin's own metrics tell its operators of this refresh.
    const points = await ctx.metricPoints();
    expect(points['lambda_ops.collector.rows']).toEqual({
      '{"availability":"available"}': components.length,
      '{"availability":"unavailable"}': 0,
    });
    expect(points['lambda_ops.collector.duration']).toEqual({
      '{"outcome":"success"}': { count: 1, sum: expect.any(Number) },
    });
  });

  it('reads only the minutes since the last refresh, and its figures equal the Operations tab’s', async () => {
    const { collector, store, advance } = ctx;
    advance(5);
    const readSeriesSpans = jest.spyOn(store, 'readSeriesSpans');

    const steady = await collector.refresh();

    // The stored month is read without the settled days in its middle: its newest days
    // and its head.
    expect(readSeriesSpans).toHaveBeenCalledWith(
      expect.any(Array),
      [
        [expect.any(Number), expect.any(Number)],
        [expect.any(Number), expect.any(Number)],
      ],
      { buffers: expect.any(SeriesBufferPool) },
    );
    readSeriesSpans.mockRestore();

    // api functions: three minute sums and the 5-minute latency statistic each.
    const apiFunctions = [...fleet.functions()].filter(
      fn => fn.pattern === 'api',
    ).length;
    const asked = totals(steady.metrics);
    expect(asked.queries).toBeGreaterThanOrEqual(4 * apiFunctions);
    expect(asked.queries).toBeLessThan(5 * FLEET.size);
    // 20 minutes of minutes (5 since the last refresh, 15 overlap) and 4 periods of 5.
    expect(asked.datapoints).toBeLessThanOrEqual(20 * asked.queries);
    const stats = emulator.stats();
    expect(stats.calls.GetMetricData).toBeLessThanOrEqual(
      Math.ceil(1.1 * callFloor(steady.metrics)),
    );

    await expectFiguresOfTheTab();
  });

  /** The Operations tab works the compared entities out from a fresh 30-day read. */
  async function expectFiguresOfTheTab() {
    const snapshot = await ctx.store.readSnapshot();
    const now = emulator.now();
    for (const fn of compared) {
      const entity = components.find(e => e.metadata.name === fn.entity.name)!;
      const tab = await slosOfTheTab(ctx.clients, entity as Entity, now);
      const collected = snapshot.entities.find(
        e => e.entityRef === `component:default/${fn.entity.name}`,
      )!;
      expect(collected.slos.map(figures)).toEqual(tab.map(figures));
      expect(collected.slos.map(slo => slo.burnDown)).toEqual(
        collected.slos.map(() => []),
      );
      const ratios = collected.slos.filter(slo => slo.budgetKind === 'ratio');
      expect(
        ratios.map(slo => new Set(slo.exclusionWindows.map(w => w.reason))),
      ).toEqual(
        ratios.map(() => new Set(['Nightly backup', 'Failover drill'])),
      );
    }
  }

  it('marks the entities of an account that denies access unknown, with the reason, and refreshes the rest', async () => {
    const { collector, store, advance, metricPoints } = ctx;
    const unavailableBefore = (await metricPoints())[
      'lambda_ops.collector.rows'
    ]['{"availability":"unavailable"}'] as number;
    emulator.setKnobs({ deniedAccount: '222222222222' });
    advance(5);

    const report = await collector.refresh();
    emulator.setKnobs({ deniedAccount: null });

    const snapshot = await store.readSnapshot();
    const accountOf = (entityRef: string) =>
      [...fleet.functions()].find(f => entityRef.endsWith(`/${f.entity.name}`))!
        .accountId;
    const denied = snapshot.entities.filter(
      e => accountOf(e.entityRef) === '222222222222',
    );
    const others = snapshot.entities.filter(
      e => accountOf(e.entityRef) !== '222222222222',
    );
    expect(denied.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    expect(
      denied.filter(
        e => !/denied|not authorized/i.test(e.unavailableReason ?? ''),
      ),
    ).toEqual([]);
    expect(denied.flatMap(e => e.slos)).toEqual([]);
    expect(others.filter(e => e.unavailableReason !== null)).toEqual([]);
    expect(others.filter(e => e.slos.length === 0)).toEqual([]);
    expect(report.unavailable).toBe(denied.length);
    expect(
      (await metricPoints())['lambda_ops.collector.rows'][
        '{"availability":"unavailable"}'
      ],
    ).toBe(unavailableBefore + denied.length);
  });

  it('keeps the last snapshot, marked stale, when a refresh fails', async () => {
    const { collector, store, catalog, advance } = ctx;
    advance(5);
    const before = await store.readSnapshot();
    jest
      .spyOn(catalog, 'getEntities')
      .mockRejectedValueOnce(new Error('the catalog is down'));

    await expect(collector.refresh()).rejects.toThrow('the catalog is down');
    expect(
      (await ctx.metricPoints())['lambda_ops.collector.duration'][
        '{"outcome":"failure"}'
      ],
    ).toEqual({ count: 1, sum: expect.any(Number) });

    const snapshot = await store.readSnapshot();
    expect(snapshot.stale).toBe(true);
    expect(snapshot.snapshotAt).toBe(before.snapshotAt);
    expect(snapshot.entities).toEqual(before.entities);
    await collector.refresh();
    await expect(store.readSnapshot()).resolves.toMatchObject({ stale: false });
  });

  describe('under AWS faults', () => {
    /** Back to a fault-free emulator at the collector's clock. */
    const heal = () => {
      emulator.reset();
      ctx.advance(0);
    };
    afterEach(heal);

    it.each<{ fault: string; knobs: KnobSettings; cause: RegExp }>([
      {
        fault: 'every GetMetricData answer is Forbidden',
        knobs: { metricDataStatus: 'Forbidden' },
        cause:
          /GetMetricData only in part: .* Forbidden .*cloudwatch:GetMetricData/,
      },
      {
        fault: 'every GetMetricData call is throttled even after retries',
        knobs: {
          serviceFaults: [
            {
              service: 'cloudwatch',
              operation: 'GetMetricData',
              kind: 'throttle',
            },
          ],
        },
        cause: /CloudWatch in [\w-]+ throttled the request even after retries/,
      },
      {
        fault: 'every AWS call answers 503',
        knobs: { outage: 'unavailable' },
        cause:
          /CloudWatch in [\w-]+ is unavailable \(ServiceUnavailableException\)/,
      },
    ])(
      'keeps the last snapshot, stale with the cause, when $fault; the next refresh recovers',
      async ({ knobs, cause }) => {
        const { collector, store, advance } = ctx;
        advance(5);
        const before = await store.readSnapshot();
        emulator.setKnobs(knobs);

        await expect(collector.refresh()).rejects.toThrow(cause);

        const kept = await store.readSnapshot();
        expect(kept).toMatchObject({
          stale: true,
          snapshotAt: before.snapshotAt,
          staleReason: expect.stringMatching(cause),
        });
        expect(kept.entities).toEqual(before.entities);
        heal();
        advance(5);
        await collector.refresh();
        const recovered = await store.readSnapshot();
        expect(recovered.stale).toBe(false);
        expect(recovered.entities.filter(e => e.unavailableReason)).toEqual([]);
      },
    );

    it('keeps the SLO figures and names the cause on every row when only the alarm listing is throttled', async () => {
      const { collector, store, advance } = ctx;
      advance(5);
      emulator.setKnobs({
        serviceFaults: [
          {
            service: 'cloudwatch',
            operation: 'DescribeAlarms',
            kind: 'throttle',
          },
        ],
      });

      const report = await collector.refresh();

      const { entities: rows, stale } = await store.readSnapshot();
      expect(stale).toBe(false);
      expect(report.unavailable).toBe(rows.length);
      expect(rows.filter(e => e.slos.length === 0)).toEqual([]);
      expect(
        rows.filter(
          e =>
            !/throttled the request even after retries/.test(
              e.unavailableReason ?? '',
            ),
        ),
      ).toEqual([]);
    });
  });

  it("gives each entity its newest deploy of the last 90 days, of its function's environment", async () => {
    const { collector, store, deployMarkers, advance } = ctx;
    advance(5);
    const daysAgo = (days: number) =>
      new Date(emulator.now().getTime() - days * 86_400_000);
    const deploy = (
      fn: (typeof compared)[number],
      deployId: string,
      options: { ts: Date; env: string },
    ) =>
      deployMarkers.record({
        deployId,
        ...options,
        service: null,
        artifact: `lambda:function:${fn.name}:${options.env}`,
        gitSha: null,
        ref: null,
        actor: null,
        changeSummary: 'Release',
        reason: 'Release',
        risk: null,
        rollback: `Point ${options.env} back at the version before`,
        links: [],
        gateOverrideReason: null,
      });
    const [first, second, third] = compared;
    await deploy(first, 'first-too-old', { ts: daysAgo(100), env: 'PROD' });
    await deploy(first, 'first-newest', { ts: daysAgo(2), env: 'PROD' });
    await deploy(first, 'first-staging', { ts: daysAgo(1), env: 'staging' });
    await deploy(second, 'second', { ts: daysAgo(80), env: 'prod' });
    await deploy(third, 'third-staging', { ts: daysAgo(1), env: 'staging' });

    await collector.refresh();

    const { entities: rows } = await store.readSnapshot();
    const lastDeployOf = (fn: (typeof compared)[number]) =>
      rows.find(e => e.entityRef === `component:default/${fn.entity.name}`)
        ?.lastDeploy;
    expect(
      [first, second, third].map(fn => lastDeployOf(fn)?.id ?? null),
    ).toEqual(['first-newest', 'second', null]);
    expect(lastDeployOf(first)?.rollback).toBe(
      'Point PROD back at the version before',
    );
  });

  it('tells its listeners, once the snapshot is stored, the statuses the refresh before saw and what this one sees', async () => {
    const { collector, store, advance } = ctx;
    advance(5);
    const before = await store.readSnapshot();
    const told: Array<{ event: FleetRefreshedEvent; storedAt: string | null }> =
      [];
    collector.addListener({
      async onFleetRefreshed(event) {
        told.push({ event, storedAt: (await store.readSnapshot()).snapshotAt });
      },
    });

    await collector.refresh();

    const after = await store.readSnapshot();
    expect(told).toHaveLength(1);
    expect(told[0].storedAt).toBe(after.snapshotAt);
    expect(told[0].event.snapshotAt.toISOString()).toBe(after.snapshotAt);
    expect(told[0].event.previousStatuses).toEqual(
      new Map(
        before.entities.map(entity => [
          entity.entityRef,
          entityFleetStatus(entity),
        ]),
      ),
    );
    // The store lists entities by ref; the refresh hands them on in catalog order.
    expect(
      [...told[0].event.current].sort((a, b) =>
        a.entityRef.localeCompare(b.entityRef),
      ),
    ).toEqual(after.entities);
  });

  it('settles the day that has ended, and its figures still equal the Operations tab’s', async () => {
    const { collector, advance, advanceTo } = ctx;
    // Just past midnight: the window moves on a day and one more day is settled, while
    // CloudWatch has published nothing of the new day yet, so the window and the longest
    // burn-rate window start a day earlier than the clock's would.
    advanceTo(new Date('2026-11-30T00:02:00Z'));
    emulator.setKnobs({ publishingLagSeconds: PUBLISHING_LAG_MS / 1000 });
    await collector.refresh();
    await expectFiguresOfTheTab();

    emulator.setKnobs({ publishingLagSeconds: 0 });
    advance(60);
    await collector.refresh();
    await expectFiguresOfTheTab();
  });
});

describeEachDatabase(
  storeDatabaseIds(),
  'FleetCollector, two entities of one function in chunks of their own, on %s',
  (id, databases) => {
    let emulator: RunningAwsEmulator;
    beforeAll(async () => {
      emulator = await startAwsEmulator({ now: NOW, fleet: FLEET });
    });
    afterAll(async () => {
      await emulator.stop();
    });

    it('reads the second chunk once the first has written their series, so both equal the Operations tab', async () => {
      const fleet = createFleet(FLEET);
      const fn = [...fleet.functions()].find(
        f => f.pattern === 'api' && f.health === 'healthy',
      )!;
      const entity = [...fleet.entities()].find(
        e => e.kind === 'Component' && e.metadata.name === fn.entity.name,
      ) as Entity;
      const twin = {
        ...entity,
        metadata: { ...entity.metadata, name: `${fn.entity.name}-twin` },
      };
      let now = NOW;
      const { collector, store, clients } = await collectorOn(
        await databases.init(id),
        {
          emulator,
          entities: [entity, twin],
          now: () => now,
          functionsPerChunk: 1,
        },
      );
      await collector.refresh();
      now = new Date(NOW.getTime() + 5 * MINUTE_MS);
      emulator.setNow(now);

      await collector.refresh();

      const tab = (await slosOfTheTab(clients, entity, now)).map(figures);
      const snapshot = await store.readSnapshot();
      expect(snapshot.entities.map(e => e.slos.map(figures))).toEqual([
        tab,
        tab,
      ]);
    });

    it('works a fleet over several accounts and regions out chunk by chunk, each as the Operations tab does', async () => {
      const fleet = createFleet(FLEET);
      const components = [...fleet.entities()].filter(
        entity => entity.kind === 'Component',
      ) as Entity[];
      // Burning ones among them: a burn under way goes on as the clock moves.
      expect(
        [...fleet.functions()].filter(fn => fn.health === 'page').length,
      ).toBeGreaterThan(0);
      let now = NOW;
      emulator.setNow(now);
      const { collector, store, clients } = await collectorOn(
        await databases.init(id),
        {
          emulator,
          entities: components,
          now: () => now,
          functionsPerChunk: 3,
        },
      );
      await collector.refresh();
      now = new Date(NOW.getTime() + 5 * MINUTE_MS);
      emulator.setNow(now);

      // Its series read in the spans around the days the backfill settled.
      await collector.refresh();

      // Each chunk's entities worked out, the later ones read while the chunk before was
      // written, into buffers earlier chunks held.
      const snapshot = await store.readSnapshot();
      for (const entity of components) {
        const collected = snapshot.entities.find(
          e => e.entityRef === stringifyEntityRef(entity),
        )!;
        const tab = await slosOfTheTab(clients, entity, now);
        expect(collected.slos.map(figures)).toEqual(tab.map(figures));
      }
    });
  },
);
