import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  fleetAwsAccounts,
  RunningAwsEmulator,
  startAwsEmulator,
} from '@lambda-ops/aws-emulator';
import {
  classifySloMonth,
  DEFAULT_LAMBDA_OPS_SETTINGS,
  DEFAULT_MIN_EVENTS,
  parseLambdaOpsAnnotations,
} from '@lambda-ops/backstage-plugin-common';
import { fleetEntity } from '../../__fixtures__/fleetSnapshots';
import { emulatorClients } from '../../__testUtils__/emulatorClients';
import { SloAttainmentRecorder } from './SloAttainmentRecorder';
import { SloAttainmentStore } from './SloAttainmentStore';

jest.setTimeout(120_000);

/** Early December: September to November are the review's months. */
const NOW = new Date('2026-12-02T12:00:00Z');
const MONTHS = ['2026-09', '2026-10', '2026-11'];

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'group:default/payments' },
  };
}

/** Two of the demo's entities, as the collector hands them over after a refresh. */
function refreshOf(entities: Entity[]) {
  const refreshed = entities.map(entity => {
    const entityRef = `component:default/${entity.metadata.name}`;
    return {
      entity,
      entityRef,
      settings: parseLambdaOpsAnnotations(entity, {
        ...DEFAULT_LAMBDA_OPS_SETTINGS,
        region: 'us-east-1',
      }),
      snapshot: fleetEntity(entityRef, 'group:default/payments'),
    };
  });
  return {
    snapshotAt: NOW,
    previousStatuses: new Map(),
    current: refreshed.map(({ snapshot }) => snapshot),
    collected: refreshed.map(({ snapshot: _, ...collected }) => collected),
  };
}

const demo = [
  component('orders-api', {
    'aws.com/lambda-function-name': 'orders-api',
    'aws.com/lambda-region': 'us-east-1',
    'lambda-ops/slo-pattern': 'api',
  }),
  component('billing-events', {
    'aws.com/lambda-function-name': 'billing-events',
    'aws.com/lambda-region': 'us-east-1',
    'lambda-ops/slo-pattern': 'async',
  }),
];

describe('SloAttainmentRecorder against the emulator', () => {
  let emulator: RunningAwsEmulator;
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  beforeAll(async () => {
    emulator = await startAwsEmulator({ now: NOW });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  async function setUp(options?: {
    entityMonthsPerRefresh?: number;
    clients?: ReturnType<typeof emulatorClients>;
  }) {
    const knex = await databases.init('SQLITE_3');
    const store = await SloAttainmentStore.create({
      database: mockServices.database({ knex }),
    });
    const logger = mockServices.logger.mock();
    const recorder = new SloAttainmentRecorder({
      clients: emulatorClients(emulator.url),
      store,
      logger,
      minEvents: DEFAULT_MIN_EVENTS,
      ...options,
    });
    return { store, recorder, logger };
  }

  it("keeps each SLO's last three completed months, judged from their own data", async () => {
    const { store, recorder } = await setUp();
    await recorder.onFleetRefreshed(refreshOf(demo));
    const records = await store.read(
      ['component:default/orders-api', 'component:default/billing-events'],
      MONTHS,
    );
    const orders = records.filter(r => r.sloId === 'orders-api:availability');
    expect(orders.map(r => r.month)).toEqual(MONTHS);
    // The scenarios hold 90 days of traffic: every month of the review has some.
    expect(orders.map(classifySloMonth)).not.toContain('no-data');
    expect(new Set(records.map(r => r.sloId))).toEqual(
      new Set([
        'orders-api:availability',
        'orders-api:latency',
        'billing-events:event-age',
        'billing-events:failed-deliveries',
      ]),
    );
  });

  it("judges checkout-api's October, the month of its bad release, missed", async () => {
    const { store, recorder } = await setUp();
    const checkout = component('checkout-api', {
      'aws.com/lambda-function-name': 'checkout-api',
      'aws.com/lambda-region': 'us-east-1',
      'lambda-ops/slo-pattern': 'api',
    });
    await recorder.onFleetRefreshed(refreshOf([checkout]));
    const availability = (
      await store.read(['component:default/checkout-api'], MONTHS)
    ).filter(r => r.sloId === 'checkout-api:availability');
    expect(availability.map(classifySloMonth)).toEqual([
      'met',
      'missed',
      'met',
    ]);
  });

  it('reads CloudWatch for a month only once', async () => {
    const { recorder } = await setUp();
    await recorder.onFleetRefreshed(refreshOf(demo));
    emulator.resetStats();
    await recorder.onFleetRefreshed(refreshOf(demo));
    expect(emulator.stats().calls.GetMetricData ?? 0).toBe(0);
  });

  it('computes a bounded number of entity months a refresh, the newest month first, and the next refreshes go on', async () => {
    const { store, recorder } = await setUp({ entityMonthsPerRefresh: 3 });
    const refs = [
      'component:default/orders-api',
      'component:default/billing-events',
    ];
    const keptMonths = async () =>
      [
        ...new Set(
          (await store.read(refs, MONTHS)).map(
            r => `${r.entityRef.split('/')[1]} ${r.month}`,
          ),
        ),
      ].sort();

    await recorder.onFleetRefreshed(refreshOf(demo));
    // November of both, then October of the first in the catalog's order.
    expect(await keptMonths()).toEqual([
      'billing-events 2026-11',
      'orders-api 2026-10',
      'orders-api 2026-11',
    ]);
    await recorder.onFleetRefreshed(refreshOf(demo));
    expect(await keptMonths()).toEqual([
      'billing-events 2026-09',
      'billing-events 2026-10',
      'billing-events 2026-11',
      'orders-api 2026-09',
      'orders-api 2026-10',
      'orders-api 2026-11',
    ]);
  });

  describe('with an account that denies access', () => {
    const [, denied] = fleetAwsAccounts();
    // A function of the denied account, its entity first in the catalog's order.
    const entities = [
      component('denied-api', {
        'aws.amazon.com/lambda-function-arn': `arn:aws:lambda:us-east-1:${denied.accountId}:function:denied-api`,
        'lambda-ops/slo-pattern': 'api',
      }),
      demo[0],
    ];
    const refs = [
      'component:default/denied-api',
      'component:default/orders-api',
    ];

    beforeEach(() => {
      emulator.setFleet({ size: 50 });
      emulator.setKnobs({ deniedAccount: denied.accountId });
    });
    afterEach(() => emulator.reset());

    it("keeps the months of the entities it does not hold, and says which entity's months failed and why", async () => {
      const { store, recorder, logger } = await setUp({
        clients: emulatorClients(emulator.url, fleetAwsAccounts()),
      });
      await recorder.onFleetRefreshed(refreshOf(entities));
      const records = await store.read(refs, MONTHS);
      expect(new Set(records.map(r => r.entityRef))).toEqual(
        new Set(['component:default/orders-api']),
      );
      expect(new Set(records.map(r => r.month))).toEqual(new Set(MONTHS));
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          new RegExp(
            `could not read 2026-11 of component:default/denied-api: account ${denied.accountId}: CloudWatch in us-east-1 refused the credentials`,
          ),
        ),
      );
    });

    it('tries the months that failed after the others, so that they hold none back', async () => {
      const { store, recorder } = await setUp({
        clients: emulatorClients(emulator.url, fleetAwsAccounts()),
        entityMonthsPerRefresh: 1,
      });
      // The first refresh's one entity month is the denied entity's November.
      await recorder.onFleetRefreshed(refreshOf(entities));
      await expect(store.read(refs, MONTHS)).resolves.toEqual([]);
      await recorder.onFleetRefreshed(refreshOf(entities));
      expect(
        new Set(
          (await store.read(refs, MONTHS)).map(
            r => `${r.entityRef} ${r.month}`,
          ),
        ),
      ).toEqual(new Set(['component:default/orders-api 2026-11']));
    });
  });

  it('leaves out an entity whose AWS data the refresh could not read, for the next one', async () => {
    const { store, recorder } = await setUp();
    const refresh = refreshOf(demo.slice(0, 1));
    refresh.current[0].unavailableReason = 'AccessDenied';
    await recorder.onFleetRefreshed(refresh);
    await expect(
      store.read(['component:default/orders-api'], MONTHS),
    ).resolves.toEqual([]);
  });
});
