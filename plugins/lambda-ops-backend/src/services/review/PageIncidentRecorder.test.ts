import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type {
  Alarm,
  FleetEntitySnapshot,
} from '@lambda-ops/backstage-plugin-common';
import { fleetEntity } from '../../__fixtures__/fleetSnapshots';
import { PageIncidentRecorder } from './PageIncidentRecorder';
import { PageIncidentStore } from './PageIncidentStore';

jest.setTimeout(60_000);

const CHECKOUT = 'component:default/checkout-api';
const PAYMENTS = 'group:default/payments';
const NOVEMBER = [
  new Date('2026-11-01T00:00:00Z'),
  new Date('2026-12-01T00:00:00Z'),
] as const;

function errorsPage(state: Alarm['state'], stateSince: string): Alarm {
  return {
    name: 'checkout-api-errors-page',
    arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-api-errors-page',
    type: 'metric',
    kind: 'metric',
    defects: [],
    metric: 'Errors',
    state,
    stateSince,
    severity: 'page',
    severitySource: 'name',
    runbookUrl: 'https://runbooks.example.com/checkout#errors',
    runbookProblem: null,
  };
}

function refresh(at: string, entities: FleetEntitySnapshot[]) {
  return {
    snapshotAt: new Date(at),
    previousStatuses: new Map(),
    current: entities,
    collected: [],
  };
}

const checkout = (alarms: Alarm[], fields: Partial<FleetEntitySnapshot> = {}) =>
  fleetEntity(CHECKOUT, PAYMENTS, { alarms, ...fields });

describe('PageIncidentRecorder', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  /** A backend's recorder on the database given: several share one, as replicas do. */
  async function backendOn(knex: Awaited<ReturnType<typeof databases.init>>) {
    const store = await PageIncidentStore.create({
      database: mockServices.database({ knex }),
    });
    return { store, recorder: new PageIncidentRecorder({ store }) };
  }

  async function incidentsOf(store: PageIncidentStore) {
    return store.readOverlapping([CHECKOUT], ...NOVEMBER);
  }

  it('starts an incident when the entity starts paging, keeps it while it pages, ends it when it stops', async () => {
    const { store, recorder } = await backendOn(
      await databases.init('SQLITE_3'),
    );
    await recorder.onFleetRefreshed(
      refresh('2026-11-20T09:55:00Z', [
        checkout([errorsPage('OK', '2026-11-01T00:00:00Z')]),
      ]),
    );
    await expect(incidentsOf(store)).resolves.toEqual([]);

    for (const at of ['2026-11-20T10:05:00Z', '2026-11-20T10:15:00Z']) {
      await recorder.onFleetRefreshed(
        refresh(at, [checkout([errorsPage('ALARM', '2026-11-20T10:02:00Z')])]),
      );
    }
    const started = {
      entityRef: CHECKOUT,
      alarmArn: errorsPage('OK', '').arn,
      alarmName: 'checkout-api-errors-page',
      runbookUrl: 'https://runbooks.example.com/checkout#errors',
      start: '2026-11-20T10:02:00.000Z',
      end: null,
    };
    await expect(incidentsOf(store)).resolves.toEqual([started]);

    await recorder.onFleetRefreshed(
      refresh('2026-11-20T10:25:00Z', [
        checkout([errorsPage('OK', '2026-11-20T10:21:00Z')]),
      ]),
    );
    await expect(incidentsOf(store)).resolves.toEqual([
      { ...started, end: '2026-11-20T10:21:00.000Z' },
    ]);
  });

  it('records each incident once when a restarted backend, or another replica, repeats a refresh', async () => {
    const knex = await databases.init('SQLITE_3');
    const first = await backendOn(knex);
    const paging = refresh('2026-11-20T10:05:00Z', [
      checkout([errorsPage('ALARM', '2026-11-20T10:02:00Z')]),
    ]);
    await first.recorder.onFleetRefreshed(paging);

    const restarted = await backendOn(knex);
    await restarted.recorder.onFleetRefreshed(paging);
    await restarted.recorder.onFleetRefreshed(
      refresh('2026-11-20T10:15:00Z', [
        checkout([errorsPage('ALARM', '2026-11-20T10:02:00Z')]),
      ]),
    );
    const cleared = refresh('2026-11-20T10:25:00Z', [
      checkout([errorsPage('OK', '2026-11-20T10:21:00Z')]),
    ]);
    await restarted.recorder.onFleetRefreshed(cleared);
    // The other replica saw the same refresh a little later, its alarm listing older.
    await first.recorder.onFleetRefreshed(paging);
    await first.recorder.onFleetRefreshed(cleared);

    await expect(incidentsOf(restarted.store)).resolves.toEqual([
      expect.objectContaining({
        start: '2026-11-20T10:02:00.000Z',
        end: '2026-11-20T10:21:00.000Z',
      }),
    ]);
  });

  it('keeps an incident open while the entity cannot be read, and ends it for an entity gone from the catalog', async () => {
    const { store, recorder } = await backendOn(
      await databases.init('SQLITE_3'),
    );
    await recorder.onFleetRefreshed(
      refresh('2026-11-20T10:05:00Z', [
        checkout([errorsPage('ALARM', '2026-11-20T10:02:00Z')]),
      ]),
    );
    await recorder.onFleetRefreshed(
      refresh('2026-11-20T10:15:00Z', [
        checkout([], { unavailableReason: 'AWS could not be reached' }),
      ]),
    );
    await expect(incidentsOf(store)).resolves.toEqual([
      expect.objectContaining({ end: null }),
    ]);

    await recorder.onFleetRefreshed(refresh('2026-11-20T10:25:00Z', []));
    await expect(incidentsOf(store)).resolves.toEqual([
      expect.objectContaining({ end: '2026-11-20T10:25:00.000Z' }),
    ]);
  });

  it('forgets incidents that ended before the oldest month the review shows', async () => {
    const { store, recorder } = await backendOn(
      await databases.init('SQLITE_3'),
    );
    await store.start([
      {
        entityRef: CHECKOUT,
        alarmArn: 'arn:old',
        alarmName: 'old',
        runbookUrl: null,
        start: '2026-08-30T00:00:00.000Z',
        end: '2026-08-30T01:00:00.000Z',
      },
    ]);
    await recorder.onFleetRefreshed(refresh('2026-12-02T12:00:00Z', []));
    await expect(
      store.readOverlapping([CHECKOUT], new Date(0), NOVEMBER[1]),
    ).resolves.toEqual([]);
  });
});
