import { mockServices } from '@backstage/backend-test-utils';
import type { PageIncident } from '@lambda-ops/backstage-plugin-common';
import {
  describeEachDatabase,
  storeDatabaseIds,
} from '../../__testUtils__/databases';
import { PageIncidentStore } from './PageIncidentStore';

jest.setTimeout(60_000);

const ORDERS = 'component:default/orders-api';

function incident(
  start: string,
  fields: Partial<PageIncident> = {},
): PageIncident {
  return {
    entityRef: ORDERS,
    alarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-errors',
    alarmName: 'orders-errors',
    runbookUrl: 'https://runbooks.example.com/orders#errors',
    start,
    end: null,
    ...fields,
  };
}

describeEachDatabase(
  storeDatabaseIds(),
  'PageIncidentStore on %s',
  (id, databases) => {
    async function createStore() {
      const knex = await databases.init(id);
      return PageIncidentStore.create({
        database: mockServices.database({ knex }),
      });
    }

    it('records an incident once however often it is started, and ends it once', async () => {
      const store = await createStore();
      const open = incident('2026-11-10T08:00:00.000Z');
      await store.start([open]);
      await store.start([{ ...open, alarmName: 'renamed later' }]);
      await expect(store.readOpen()).resolves.toEqual([open]);

      await store.end(open, '2026-11-10T09:00:00.000Z');
      await store.end(open, '2026-11-10T10:00:00.000Z');
      await store.start([open]);
      await expect(store.readOpen()).resolves.toEqual([]);
      await expect(
        store.readOverlapping(
          [ORDERS],
          new Date('2026-11-01T00:00:00Z'),
          new Date('2026-12-01T00:00:00Z'),
        ),
      ).resolves.toEqual([{ ...open, end: '2026-11-10T09:00:00.000Z' }]);
    });

    it('reads the incidents of the entities asked that overlapped the span, oldest first', async () => {
      const store = await createStore();
      const ongoing = incident('2026-11-30T22:00:00.000Z');
      const intoNovember = incident('2026-10-31T23:00:00.000Z', {
        end: '2026-11-01T01:00:00.000Z',
      });
      const endedBefore = incident('2026-10-20T00:00:00.000Z', {
        end: '2026-10-20T01:00:00.000Z',
      });
      const startedAfter = incident('2026-12-01T00:00:00.000Z');
      const otherEntity = incident('2026-11-15T00:00:00.000Z', {
        entityRef: 'component:default/ledger-api',
      });
      await store.start([
        ongoing,
        intoNovember,
        endedBefore,
        startedAfter,
        otherEntity,
      ]);
      await expect(
        store.readOverlapping(
          [ORDERS],
          new Date('2026-11-01T00:00:00Z'),
          new Date('2026-12-01T00:00:00Z'),
        ),
      ).resolves.toEqual([intoNovember, ongoing]);
    });

    it('forgets only the incidents that ended before a moment', async () => {
      const store = await createStore();
      const old = incident('2026-07-01T00:00:00.000Z', {
        end: '2026-07-01T02:00:00.000Z',
      });
      const stillOpen = incident('2026-07-02T00:00:00.000Z');
      await store.start([old, stillOpen]);
      await store.deleteEndedBefore(new Date('2026-09-01T00:00:00Z'));
      await expect(
        store.readOverlapping(
          [ORDERS],
          new Date('2026-01-01T00:00:00Z'),
          new Date('2027-01-01T00:00:00Z'),
        ),
      ).resolves.toEqual([stillOpen]);
    });

    it('writes and reads more rows than one statement may bind', async () => {
      const store = await createStore();
      const many = Array.from({ length: 400 }, (_, i) =>
        incident('2026-11-10T08:00:00.000Z', {
          entityRef: `component:default/fn-${i}`,
        }),
      );
      await store.start(many);
      await expect(
        store.readOverlapping(
          many.map(i => i.entityRef),
          new Date('2026-11-01T00:00:00Z'),
          new Date('2026-12-01T00:00:00Z'),
        ),
      ).resolves.toHaveLength(400);
    });
  },
);
