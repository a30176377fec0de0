import { mockServices } from '@backstage/backend-test-utils';
import type { SloMonthRecord } from '@lambda-ops/backstage-plugin-common';
import {
  describeEachDatabase,
  storeDatabaseIds,
} from '../../__testUtils__/databases';
import { SloAttainmentStore } from './SloAttainmentStore';

jest.setTimeout(60_000);

function record(
  entityRef: string,
  month: string,
  fields: Partial<SloMonthRecord> = {},
): SloMonthRecord {
  return {
    entityRef,
    sloId: 'orders-api:availability',
    objective: 'availability',
    target: 0.999,
    budgetKind: 'ratio',
    month,
    attainment: 0.9995,
    budgetConsumed: 0.5,
    ...fields,
  };
}

describeEachDatabase(
  storeDatabaseIds(),
  'SloAttainmentStore on %s',
  (id, databases) => {
    async function createStore() {
      const knex = await databases.init(id);
      return SloAttainmentStore.create({
        database: mockServices.database({ knex }),
      });
    }

    it('keeps one row per entity, SLO and month, the last computation winning', async () => {
      const store = await createStore();
      const orders = 'component:default/orders-api';
      await store.upsert(
        [record(orders, '2026-10'), record(orders, '2026-11')],
        new Date('2026-12-01T01:00:00Z'),
      );
      await store.upsert(
        [record(orders, '2026-11', { attainment: 0.997, budgetConsumed: 3 })],
        new Date('2026-12-01T02:00:00Z'),
      );
      await expect(
        store.read([orders], ['2026-10', '2026-11']),
      ).resolves.toEqual([
        record(orders, '2026-10'),
        record(orders, '2026-11', { attainment: 0.997, budgetConsumed: 3 }),
      ]);
    });

    it('keeps a month without traffic as such, and reads only the months and entities asked', async () => {
      const store = await createStore();
      await store.upsert(
        [
          record('component:default/a', '2026-11', {
            attainment: null,
            budgetConsumed: null,
          }),
          record('component:default/b', '2026-11'),
          record('component:default/a', '2026-08'),
        ],
        new Date('2026-12-01T01:00:00Z'),
      );
      const read = await store.read(['component:default/a'], ['2026-11']);
      expect(read).toEqual([
        record('component:default/a', '2026-11', {
          attainment: null,
          budgetConsumed: null,
        }),
      ]);
      await expect(store.recordedMonths(['2026-11'])).resolves.toEqual(
        new Set([
          'component:default/a\n2026-11',
          'component:default/b\n2026-11',
        ]),
      );
    });

    it('writes more rows than one statement may bind', async () => {
      const store = await createStore();
      const many = Array.from({ length: 250 }, (_, i) =>
        record(`component:default/fn-${i}`, '2026-11'),
      );
      await store.upsert(many, new Date('2026-12-01T01:00:00Z'));
      await expect(
        store.read(
          many.map(r => r.entityRef),
          ['2026-11'],
        ),
      ).resolves.toHaveLength(250);
    });
  },
);
