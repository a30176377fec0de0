import { mockServices } from '@backstage/backend-test-utils';
import type { FleetEntitySnapshot } from '@lambda-ops/backstage-plugin-common';
import {
  describeEachDatabase,
  storeDatabaseIds,
} from '../../__testUtils__/databases';
import { DeployMarkerStore } from '../DeployMarkerStore';
import { FleetSnapshotStore } from './FleetSnapshotStore';

jest.setTimeout(60_000);

function entity(name: string): FleetEntitySnapshot {
  return {
    entityRef: `component:default/${name}`,
    title: name,
    owner: 'group:default/payments',
    collectedAt: '2026-12-02T12:00:00.000Z',
    unavailableReason: null,
    pattern: 'api',
    slos: [],
    alarms: [],
    alarmRunbooks: [],
    runbook: null,
    lastDeploy: null,
    rollback: null,
    problems: [],
  };
}

describeEachDatabase(
  storeDatabaseIds(),
  'FleetSnapshotStore on %s',
  (id, databases) => {
    async function createStoreOnKnex() {
      const knex = await databases.init(id);
      const database = mockServices.database({ knex });
      // Both stores migrate the same database side by side at startup.
      const [store] = await Promise.all([
        FleetSnapshotStore.create({ database }),
        DeployMarkerStore.create({ database }),
      ]);
      return { store, knex };
    }

    async function createStore() {
      return (await createStoreOnKnex()).store;
    }

    it('answers no snapshot and no entities until the first refresh ends', async () => {
      const store = await createStore();
      await expect(store.readSnapshot()).resolves.toEqual({
        snapshotAt: null,
        stale: false,
        staleReason: null,
        entities: [],
      });
    });

    it('says why the first refresh failed, with no snapshot to keep', async () => {
      const store = await createStore();
      await store.markStale('CloudWatch in us-east-1 is unavailable');
      await expect(store.readSnapshot()).resolves.toEqual({
        snapshotAt: null,
        stale: true,
        staleReason: 'CloudWatch in us-east-1 is unavailable',
        entities: [],
      });
    });

    it('replaces the whole snapshot on each refresh, entities in ref order', async () => {
      const store = await createStore();
      await store.replaceSnapshot(
        [entity('b-api'), entity('a-api')],
        new Date('2026-12-02T12:00:00Z'),
      );
      await store.replaceSnapshot(
        [entity('c-api'), entity('a-api')],
        new Date('2026-12-02T12:05:00Z'),
      );
      const snapshot = await store.readSnapshot();
      expect(snapshot.snapshotAt).toBe('2026-12-02T12:05:00.000Z');
      expect(snapshot.stale).toBe(false);
      expect(snapshot.entities.map(e => e.entityRef)).toEqual([
        'component:default/a-api',
        'component:default/c-api',
      ]);
      expect(snapshot.entities[0]).toEqual(entity('a-api'));
    });

    it('keeps the last snapshot, marked stale, when a refresh fails, until one succeeds', async () => {
      const store = await createStore();
      await store.replaceSnapshot(
        [entity('a-api')],
        new Date('2026-12-02T12:00:00Z'),
      );
      await store.markStale('the catalog could not be read');
      const stale = await store.readSnapshot();
      expect(stale).toMatchObject({
        snapshotAt: '2026-12-02T12:00:00.000Z',
        stale: true,
        staleReason: 'the catalog could not be read',
      });
      expect(stale.entities).toHaveLength(1);
      await store.replaceSnapshot(
        [entity('a-api')],
        new Date('2026-12-02T12:05:00Z'),
      );
      await expect(store.readSnapshot()).resolves.toMatchObject({
        stale: false,
        staleReason: null,
      });
    });

    it('stores many entities, more than one statement binds', async () => {
      const store = await createStore();
      const many = Array.from({ length: 450 }, (_, i) =>
        entity(`fn-${String(i).padStart(3, '0')}`),
      );
      await store.replaceSnapshot(many, new Date('2026-12-02T12:00:00Z'));
      expect((await store.readSnapshot()).entities).toHaveLength(450);
    });

    it('keeps series between refreshes, replaces them by key and prunes the unused', async () => {
      const store = await createStore();
      const key = (fn: string) => `111111111111/us-east-1/${fn}/Errors/Sum/60`;
      await store.writeSeries([
        {
          key: key('a'),
          firstPeriod: 1_000_000,
          periodSeconds: 60,
          values: Float64Array.of(1, NaN, 3),
          fetchedUntil: 1_180_000,
        },
        {
          key: key('b'),
          firstPeriod: 1_000_000,
          periodSeconds: 60,
          values: new Float64Array(0),
          fetchedUntil: 1_000_000,
        },
      ]);
      await store.writeSeries([
        {
          key: key('a'),
          firstPeriod: 1_060_000,
          periodSeconds: 60,
          // 0.1 takes a float64, the others a float32.
          values: Float64Array.of(NaN, 3, 0.1),
          fetchedUntil: 1_240_000,
        },
      ]);
      const read = await store.readSeries([key('a'), key('c')]);
      expect([...read.keys()]).toEqual([key('a')]);
      expect(read.get(key('a'))).toEqual({
        key: key('a'),
        firstPeriod: 1_060_000,
        periodSeconds: 60,
        values: Float64Array.of(NaN, 3, 0.1),
        fetchedUntil: 1_240_000,
      });
      await expect(store.pruneSeries(new Set([key('a')]))).resolves.toBe(1);
      expect([
        ...(await store.readSeries([key('a'), key('b')])).keys(),
      ]).toEqual([key('a')]);
    });

    it('reads the periods no stored block holds as without a datapoint', async () => {
      const { store, knex } = await createStoreOnKnex();
      const key = '111111111111/us-east-1/fn/Errors/Sum/60';
      await store.writeSeries([
        {
          key,
          firstPeriod: 1_060_000,
          periodSeconds: 60,
          values: Float64Array.of(1, 2, 3),
          fetchedUntil: 1_240_000,
        },
      ]);
      // As a series stored by an earlier layout might be: longer than its blocks.
      await knex('lambda_ops_fleet_series')
        .where('series_key', key)
        .update({ first_period: 1_000_000, period_count: 5 });
      expect((await store.readSeries([key])).get(key)?.values).toEqual(
        Float64Array.of(NaN, 1, 2, 3, NaN),
      );
    });

    it('writes a month of periods once, then only the newest, and reads them all back', async () => {
      const store = await createStore();
      const key = '111111111111/us-east-1/fn/Invocations/Sum/300';
      const periodMs = 300_000;
      const day = 86_400_000;
      const month = (firstPeriod: number, periods: number) =>
        Float64Array.from({ length: periods }, (_, i) => {
          const ts = firstPeriod + i * periodMs;
          return ts % (7 * periodMs) === 0 ? NaN : ts / periodMs;
        });
      const first = Date.UTC(2026, 10, 1, 0, 35);
      await store.writeSeries([
        {
          key,
          firstPeriod: first,
          periodSeconds: 300,
          values: month(first, 30 * 288),
          fetchedUntil: first + 30 * day,
        },
      ]);
      // Every refresh, 10 minutes or a day later, re-reads the newest 20 minutes (a late
      // datapoint among them): the newest days are rewritten, the month now and then.
      let firstPeriod = first;
      for (const step of [2, 2, 288, 288, 288, 2]) {
        firstPeriod += step * periodMs;
        const values = month(firstPeriod, 30 * 288);
        // Only a float64 holds it: the tail's block is of float64, the head's of float32.
        values[values.length - 3] = 0.1;
        await store.writeSeries([
          {
            key,
            firstPeriod,
            periodSeconds: 300,
            values,
            fetchedUntil: firstPeriod + 30 * day,
            changedFrom: firstPeriod + 30 * day - 4 * periodMs,
          },
        ]);
        expect((await store.readSeries([key])).get(key)).toEqual({
          key,
          firstPeriod,
          periodSeconds: 300,
          values,
          fetchedUntil: firstPeriod + 30 * day,
        });
      }
    });
  },
);
