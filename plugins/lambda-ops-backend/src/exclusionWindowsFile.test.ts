import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEFAULT_LAMBDA_OPS_SETTINGS,
  DEFAULT_MIN_EVENTS,
} from '@lambda-ops/backstage-plugin-common';
import {
  RunningAwsEmulator,
  startAwsEmulator,
  WEBHOOK_RELAY_MAINTENANCE_BURST,
} from '@lambda-ops/aws-emulator';
import { component } from './__fixtures__/entities';
import {
  PINNED_NOW,
  REAL_TIMERS,
  startLambdaOpsBackend,
} from './__testUtils__/testBackend';
import { requestCheckedByContract } from './__testUtils__/contract';
import { memoryCache } from './__testUtils__/memoryCache';
import { AlarmsService } from './services/AlarmsService';
import { DefaultAwsClientFactory } from './services/AwsClientFactory';
import { DeployMarkerStore } from './services/DeployMarkerStore';
import { ExclusionWindowsFileReader } from './services/exclusions/ExclusionWindowsFileReader';
import { FleetCollector } from './services/fleet/FleetCollector';
import { FleetSnapshotStore } from './services/fleet/FleetSnapshotStore';
import type { RunbookService } from './services/RunbookService';

/** The demo's maintenance calendar, beside the example catalog. */
const DEMO_MAINTENANCE = resolve(
  __dirname,
  '../../../examples/webhook-relay-maintenance.yaml',
);

/**
 * webhook-relay's weekly burst of failed calls, inside its declared maintenance (Sundays
 * 02:00 UTC for 2 h): with the clock pinned to Sunday 2026-11-29 12:00 UTC, the 30-day
 * window holds the bursts of 1, 8, 15, 22 and 29 November.
 */
const BURSTS_IN_WINDOW = 5;

// Each test starts a backend, or refreshes a fleet, against the emulator.
jest.setTimeout(60_000);
const BURST_ERRORS =
  BURSTS_IN_WINDOW *
  WEBHOOK_RELAY_MAINTENANCE_BURST.minutes *
  WEBHOOK_RELAY_MAINTENANCE_BURST.failedPerMinute;

describe('maintenance windows from a file beside the catalog file', () => {
  let emulator: RunningAwsEmulator;
  let catalogDir: string;
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  beforeAll(async () => {
    catalogDir = await mkdtemp(join(tmpdir(), 'lambda-ops-catalog-'));
    await copyFile(DEMO_MAINTENANCE, join(catalogDir, 'maintenance.yaml'));
    await writeFile(
      join(catalogDir, 'broken.yaml'),
      '- schedule: "0 2 * * SUN"\n  reason: Partner maintenance\n',
    );
    emulator = await startAwsEmulator({ port: 0, now: PINNED_NOW, catalogDir });
  });
  afterAll(async () => {
    await emulator.stop();
    await rm(catalogDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    jest.useFakeTimers({ now: PINNED_NOW, doNotFake: [...REAL_TIMERS] });
    emulator.reset();
    emulator.setNow(PINNED_NOW);
  });
  afterEach(() => jest.useRealTimers());

  /** webhook-relay, its catalog file in the emulator's /catalog/ folder. */
  const relay = (name: string, annotations: Record<string, string> = {}) =>
    component(name, {
      'backstage.io/source-location': `url:${emulator.url}/catalog/`,
      'aws.com/lambda-function-name': 'webhook-relay',
      'aws.com/lambda-region': 'us-east-1',
      'lambda-ops/slo-pattern': 'api',
      ...annotations,
    });

  async function availabilityOf(
    annotations: Record<string, string> | undefined,
  ) {
    const server = await startLambdaOpsBackend({
      emulator,
      entities: [relay('relay', annotations)],
      backend: {
        reading: { allow: [{ host: new URL(emulator.url).host }] },
      },
    });
    const res = await requestCheckedByContract(server)
      .get('/api/lambda-ops/v1/entities/default/component/relay/operations')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return {
      // The file's problems; the latency SLO's own ("never burned") are not at issue.
      problems: res.body.problems.filter(
        (problem: { annotation?: string }) =>
          problem.annotation === 'lambda-ops/exclusion-windows-file',
      ),
      slo: res.body.slos.find(
        (slo: { objective: string }) => slo.objective === 'availability',
      ),
    };
  }

  it("counts the burst inside the file's window neither good nor bad, and spends budget without it", async () => {
    const declared = await availabilityOf({
      'lambda-ops/exclusion-windows-file': './maintenance.yaml',
    });
    const undeclared = await availabilityOf({});

    expect(declared.problems).toEqual([]);
    // Only the one failed call outside maintenance, 10 minutes ago, is charged.
    expect(declared.slo.errorBudget.consumed).toBe(1);
    expect(undeclared.slo.errorBudget.consumed).toBe(1 + BURST_ERRORS);
    // Left out whole: the 2-hour windows' calls leave the total too, at 0.05 a minute.
    const calls = (budget: number) => budget / 0.001;
    expect(
      calls(undeclared.slo.errorBudget.total) -
        calls(declared.slo.errorBudget.total),
    ).toBeCloseTo(BURST_ERRORS + BURSTS_IN_WINDOW * 0.05 * (120 - 10), 3);
    // The budget left is what it would be without the burst: 1 of about 2.1 requests.
    expect(declared.slo.errorBudget.remaining).toBeCloseTo(
      1 - 1 / declared.slo.errorBudget.total,
      6,
    );
    expect(declared.slo.errorBudget.remaining).toBeGreaterThan(0.5);
    expect(undeclared.slo.errorBudget.remaining).toBeLessThan(-100);

    // The occurrences drawn on the chart.
    expect(declared.slo.exclusionWindows).toHaveLength(BURSTS_IN_WINDOW);
    expect(declared.slo.exclusionWindows.at(-1)).toEqual({
      start: '2026-11-29T02:00:00.000Z',
      end: '2026-11-29T04:00:00.000Z',
      reason: 'Weekly partner maintenance',
      source: 'annotation',
      schedule: '0 2 * * SUN',
    });
    expect(undeclared.slo.exclusionWindows).toEqual([]);
  });

  it.each([
    ['missing', './nowhere.yaml', 'nowhere.yaml does not exist'],
    [
      'malformed',
      './broken.yaml',
      'broken.yaml (lambda-ops/exclusion-windows-file): window 1: a schedule takes a duration',
    ],
    [
      'out of the catalog folder',
      '../catalog-evil/maintenance.yaml',
      "climbs out of the entity's repository",
    ],
  ])(
    'answers with a problem naming a %s file, and excludes nothing',
    async (_, path, message) => {
      const { problems, slo } = await availabilityOf({
        'lambda-ops/exclusion-windows-file': path,
      });
      expect(problems).toEqual([
        expect.objectContaining({
          code: 'invalid-annotation',
          annotation: 'lambda-ops/exclusion-windows-file',
          message: expect.stringContaining(message),
        }),
      ]);
      expect(slo.errorBudget.consumed).toBe(1 + BURST_ERRORS);
      expect(slo.exclusionWindows).toEqual([]);
    },
  );

  /** The availability SLO of the entity in the snapshot of a fleet refresh. */
  async function collectedAvailabilityOf(
    annotations: Record<string, string> | undefined,
  ) {
    const logger = mockServices.logger.mock();
    const database = mockServices.database({
      knex: await databases.init('SQLITE_3'),
    });
    const store = await FleetSnapshotStore.create({ database });
    const clients = DefaultAwsClientFactory.create({
      credentialsManager: DefaultAwsCredentialsManager.fromConfig(
        new ConfigReader({
          aws: {
            mainAccount: { accessKeyId: 'test', secretAccessKey: 'test' },
          },
        }),
      ),
      settings: { endpoints: { cloudwatch: emulator.url }, maxAttempts: 2 },
    });
    const collector = new FleetCollector({
      catalog: catalogServiceMock({
        entities: [relay('relay', annotations)],
      }),
      auth: mockServices.auth(),
      clients,
      alarms: new AlarmsService({
        clients,
        cache: memoryCache(),
        listingTtlMs: 300_000,
      }),
      runbooks: {} as RunbookService,
      exclusionFiles: new ExclusionWindowsFileReader({
        urlReader: UrlReaders.default({
          config: new ConfigReader({
            backend: {
              reading: { allow: [{ host: new URL(emulator.url).host }] },
            },
          }),
          logger,
        }),
        cache: memoryCache(),
        logger,
        ttlMs: 60_000,
      }),
      deployMarkers: await DeployMarkerStore.create({ database }),
      store,
      logger,
      defaults: DEFAULT_LAMBDA_OPS_SETTINGS,
      publishingLagMs: 3 * 60_000,
      minEvents: DEFAULT_MIN_EVENTS,
      now: () => PINNED_NOW,
    });
    await collector.refresh();
    const [entity] = (await store.readSnapshot()).entities;
    return entity.slos.find(slo => slo.objective === 'availability')!;
  }

  it('is applied by the fleet refresh as on the tab', async () => {
    const declared = await collectedAvailabilityOf({
      'lambda-ops/exclusion-windows-file': './maintenance.yaml',
    });
    const undeclared = await collectedAvailabilityOf({});
    expect(declared.errorBudget.consumed).toBe(1);
    expect(declared.exclusionWindows).toHaveLength(BURSTS_IN_WINDOW);
    expect(undeclared.errorBudget.consumed).toBe(1 + BURST_ERRORS);
  });
});
