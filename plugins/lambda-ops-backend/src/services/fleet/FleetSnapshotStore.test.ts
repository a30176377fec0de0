import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  FleetEntitySnapshot,
  SettledSloDay,
} from '@lambda-ops/backstage-plugin-common';
import {
  describeEachDatabase,
  storeDatabaseIds,
} from '../../__testUtils__/databases';
import { DeployMarkerStore } from '../DeployMarkerStore';
import { FleetSnapshotStore } from './FleetSnapshotStore';
import { mergeSeries, SeriesBufferPool } from './periodSeries';

jest.setTimeout(60_000);

const PERIOD_MS = 300_000;
const DAY_MS = 86_400_000;

/** A month of 5-minute periods from `firstPeriod`: each its own value, some missing. */
function month(firstPeriod: number, periods = 30 * 288): Float64Array {
  return Float64Array.from({ length: periods }, (_, i) => {
    const ts = firstPeriod + i * PERIOD_MS;
    return ts % (7 * PERIOD_MS) === 0 ? NaN : ts / PERIOD_MS;
  });
}

/** How the store holds a month of periods from `first` (see `month`), as a read tells. */
function monthAsRead(first: number) {
  const last = first + 30 * DAY_MS - PERIOD_MS;
  return {
    firstPeriod: first,
    periodCount: 30 * 288,
    newestBlockStart: Math.floor(last / DAY_MS) * DAY_MS,
  };
}

/**
 * Writes a series of 5-minute periods from `first`, then reads it within the span from
 * the 26th of November to its end, as a refresh reads its newest days.
 */
async function writeMonthReadNewestDays(
  store: FleetSnapshotStore,
  key: string,
  first: number,
  values: Float64Array,
) {
  const end = first + values.length * PERIOD_MS;
  await store.writeSeries([
    { key, firstPeriod: first, periodSeconds: 300, values, fetchedUntil: end },
  ]);
  const from = Date.UTC(2026, 10, 26);
  const newest = (await store.readSeries([key], { within: [from, end] })).get(
    key,
  )!;
  return { end, from, newest };
}

/** Where the stored day blocks of a series start, oldest first. */
async function blockStartsOf(knex: Knex, key: string): Promise<number[]> {
  const starts = await knex('lambda_ops_fleet_series_blocks')
    .where('series_key', key)
    .orderBy('block_start')
    .pluck('block_start');
  return starts.map(Number);
}

/**
 * The day blocks of 30 days of periods from `first` on the 1st of November: that day's
 * from `first`, each later day's from its midnight; the 31st day's is in the series' row.
 */
function novemberDayStarts(first: number): number[] {
  return [
    first,
    ...Array.from({ length: 29 }, (_, i) => Date.UTC(2026, 10, 2 + i)),
  ];
}

function settledDay(start: number, bad: number): SettledSloDay {
  return {
    start,
    counts: { 'availability 99.9%': { bad, total: 1440 } },
    sums: { invocations: 1440, errors: bad },
    latest: { invocations: { ts: start + DAY_MS - 60_000, value: 1 } },
  };
}

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

    it('gives each entity’s status without its snapshot, rows from before the status column included', async () => {
      const { store, knex } = await createStoreOnKnex();
      await store.replaceSnapshot(
        [
          entity('a-api'),
          { ...entity('b-api'), unavailableReason: 'AccessDenied' },
          entity('c-api'),
        ],
        new Date('2026-12-02T12:00:00Z'),
      );
      // As the rows a version without the column wrote.
      await knex('lambda_ops_fleet_entities')
        .whereIn('entity_ref', [
          'component:default/b-api',
          'component:default/c-api',
        ])
        .update({ status: null });
      await expect(store.readStatuses()).resolves.toEqual(
        new Map([
          // No SLOs and no alarms yet.
          ['component:default/a-api', 'no-data'],
          ['component:default/b-api', 'unknown'],
          ['component:default/c-api', 'no-data'],
        ]),
      );
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
        // Its newest day is its first: the block starts with the series.
        asRead: {
          firstPeriod: 1_060_000,
          periodCount: 3,
          newestBlockStart: 1_060_000,
        },
      });
      await expect(store.pruneSeries(new Set([key('a')]))).resolves.toBe(1);
      expect([
        ...(await store.readSeries([key('a'), key('b')])).keys(),
      ]).toEqual([key('a')]);
    });

    it('drops the blocks a series written whole again no longer holds', async () => {
      const store = await createStore();
      const key = '111111111111/us-east-1/fn/Errors/Sum/60';
      const minutes = (firstPeriod: number, values: number[]) => ({
        key,
        firstPeriod,
        periodSeconds: 60,
        values: Float64Array.from(values),
        fetchedUntil: firstPeriod + values.length * 60_000,
      });
      const midnight = 86_400_000;
      // Two minutes of one day, one of the next; then from a minute earlier, whole.
      await store.writeSeries([minutes(midnight - 120_000, [1, 2, 3])]);
      await store.writeSeries([minutes(midnight - 180_000, [5, NaN, NaN, 4])]);
      expect((await store.readSeries([key])).get(key)?.values).toEqual(
        Float64Array.of(5, NaN, NaN, 4),
      );
      // Within one day, as the newest minutes: whole every time, nothing else stored.
      await store.writeSeries([minutes(midnight + 60_000, [6, 7])]);
      await store.writeSeries([minutes(midnight + 120_000, [NaN, 8])]);
      expect((await store.readSeries([key])).get(key)?.values).toEqual(
        Float64Array.of(NaN, 8),
      );
    });

    it('keeps a series with few datapoints in few bytes, every value exact', async () => {
      const { store, knex } = await createStoreOnKnex();
      const key = '111111111111/us-east-1/job/Duration/Maximum/300';
      const day = Date.UTC(2026, 10, 30);
      // A job's day: one run, a value a float32 does not hold, a zero; then the next day.
      const values = new Float64Array(288 + 3).fill(NaN);
      values[6 * 12] = 61_234.56;
      values[6 * 12 + 1] = 0;
      values[288 + 1] = 7;
      await store.writeSeries([
        {
          key,
          firstPeriod: day,
          periodSeconds: 300,
          values,
          fetchedUntil: day + values.length * PERIOD_MS,
        },
      ]);
      expect((await store.readSeries([key])).get(key)?.values).toEqual(values);
      expect(
        (
          await store.readSeries([key], {
            within: [day + 6 * 3_600_000, day + 289 * PERIOD_MS],
          })
        ).get(key)?.values,
      ).toEqual(values.slice(6 * 12, 289));
      // Held whole in its row.
      const row = await knex('lambda_ops_fleet_series')
        .where('series_key', key)
        .first();
      expect(row.newest_values.length).toBeLessThan(288);
    });

    it('holds a series with few datapoints whole in its row, in day blocks once it has more', async () => {
      const { store, knex } = await createStoreOnKnex();
      const key = '111111111111/us-east-1/job/Duration/Maximum/300';
      const first = Date.UTC(2026, 10, 1, 0, 35);
      // A job's month: a run a day, at 06:00.
      const values = month(first).map((_, i) =>
        (first + i * PERIOD_MS) % DAY_MS === 6 * 3_600_000 ? i : NaN,
      );
      const end = first + values.length * PERIOD_MS;
      const blockCount = async () =>
        Number(
          (
            await knex('lambda_ops_fleet_series_blocks')
              .where('series_key', key)
              .count({ n: '*' })
          )[0].n,
        );
      await store.writeSeries([
        {
          key,
          firstPeriod: first,
          periodSeconds: 300,
          values,
          fetchedUntil: end,
        },
      ]);
      expect(await blockCount()).toBe(0);
      const read = (await store.readSeries([key])).get(key)!;
      expect(read.values).toEqual(values);
      // Read within spans, as a refresh of a function with settled days reads it.
      const lastDays = Date.UTC(2026, 10, 28);
      const [head, newest] = await store.readSeriesSpans(
        [key],
        [
          [first, Date.UTC(2026, 10, 2)],
          [lastDays, end],
        ],
      );
      expect(head.get(key)?.values).toEqual(
        values.slice(0, (Date.UTC(2026, 10, 2) - first) / PERIOD_MS),
      );
      expect(newest.get(key)?.values).toEqual(
        values.slice((lastDays - first) / PERIOD_MS),
      );

      // A refresh 10 minutes later: the window moves on, a late run comes in.
      const later = mergeSeries(
        key,
        300,
        read,
        {
          gridStart: first + 2 * PERIOD_MS,
          fetchedFrom: end - 3 * PERIOD_MS,
          end: end + 2 * PERIOD_MS,
        },
        { timestamps: [end - PERIOD_MS], values: [42] },
      );
      const expected = Float64Array.from([
        ...values.slice(2, -3),
        NaN,
        NaN,
        42,
        NaN,
        NaN,
      ]);
      await store.writeSeries([later]);
      expect(await blockCount()).toBe(0);
      const again = (await store.readSeries([key])).get(key)!;
      expect(again.values).toEqual(expected);

      // Busier: a run every period of the last day; now in blocks a day.
      const busy = mergeSeries(
        key,
        300,
        again,
        {
          gridStart: first + 2 * PERIOD_MS,
          fetchedFrom: end - 250 * PERIOD_MS,
          end: end + 2 * PERIOD_MS,
        },
        {
          timestamps: Array.from(
            { length: 252 },
            (_, i) => end - (250 - i) * PERIOD_MS,
          ),
          values: Array.from({ length: 252 }, (_, i) => i + 0.5),
        },
      );
      await store.writeSeries([busy]);
      expect(await blockCount()).toBe(30);
      expect((await store.readSeries([key])).get(key)?.values).toEqual(
        busy.values,
      );
    });

    it('keeps the days before a write of a series its row held whole, read within a span', async () => {
      const { store, knex } = await createStoreOnKnex();
      const key = '111111111111/us-east-1/fn/Errors/Sum/300';
      const first = Date.UTC(2026, 10, 1, 0, 35);
      // A function without traffic but for one error a day, at noon.
      const values = month(first).map((_, i) =>
        (first + i * PERIOD_MS) % DAY_MS === 12 * 3_600_000 ? 1 : NaN,
      );
      const { from, newest } = await writeMonthReadNewestDays(
        store,
        key,
        first,
        values,
      );
      // The newest day's periods answered anew: an error in each.
      const changedFrom = Date.UTC(2026, 11, 1);
      newest.values.fill(3, (changedFrom - from) / PERIOD_MS);

      await store.writeSeries([{ ...newest, changedFrom }]);

      const expected = Float64Array.from(values);
      expected.fill(3, (changedFrom - first) / PERIOD_MS);
      expect((await store.readSeries([key])).get(key)?.values).toEqual(
        expected,
      );
      // The days before the newest in a block each, the newest in the row.
      const starts = await blockStartsOf(knex, key);
      expect(starts).toEqual(novemberDayStarts(first));
    });

    it('keeps a day of counts in two bytes a period, falling back for other values', async () => {
      const { store, knex } = await createStoreOnKnex();
      const key = (metric: string) =>
        `111111111111/us-east-1/fn/${metric}/Sum/300`;
      const day = Date.UTC(2026, 10, 30);
      const dayOf = (valueAt: (i: number) => number) =>
        Float64Array.from({ length: 288 + 1 }, (_, i) => valueAt(i));
      // Counts, some periods without a datapoint; then values a uint16 does not hold.
      const counts = dayOf(i => (i % 5 === 0 ? NaN : (i * 227) % 65_535));
      const tooLarge = dayOf(i => (i === 7 ? 65_535 : i));
      const fractional = dayOf(i => (i === 7 ? 0.5 : i));
      const negativeZero = dayOf(i => (i === 7 ? -0 : i));
      const series = { Invocations: counts, Errors: fractional };
      await store.writeSeries(
        Object.entries({
          ...series,
          Throttles: tooLarge,
          DeadLetterErrors: negativeZero,
        }).map(([metric, values]) => ({
          key: key(metric),
          firstPeriod: day,
          periodSeconds: 300,
          values,
          fetchedUntil: day + values.length * PERIOD_MS,
        })),
      );
      const read = await store.readSeries(
        ['Invocations', 'Errors', 'Throttles', 'DeadLetterErrors'].map(key),
      );
      expect(read.get(key('Invocations'))?.values).toEqual(counts);
      expect(read.get(key('Errors'))?.values).toEqual(fractional);
      expect(read.get(key('Throttles'))?.values).toEqual(tooLarge);
      expect(Object.is(read.get(key('DeadLetterErrors'))?.values[7], -0)).toBe(
        true,
      );
      const sizes = Object.fromEntries(
        (
          await knex('lambda_ops_fleet_series_blocks')
            .where('block_start', day)
            .select('series_key', 'period_values')
        ).map(row => [row.series_key, row.period_values.length]),
      );
      expect(sizes).toEqual({
        [key('Invocations')]: 1 + 288 * 2,
        // 0.5 and -0 take float32s, 65,535 too: it is what a period without one reads.
        [key('Errors')]: 1 + 288 * 4,
        [key('Throttles')]: 1 + 288 * 4,
        [key('DeadLetterErrors')]: 1 + 288 * 4,
      });
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
      expect(
        (await store.readSeries([key], { within: [1_000_000, 1_120_000] })).get(
          key,
        )?.values,
      ).toEqual(Float64Array.of(NaN, 1));
    });

    it('reads into the buffers of a pool, lent again once taken back, each period as stored', async () => {
      const { store, knex } = await createStoreOnKnex();
      const busy = '111111111111/us-east-1/busy/Invocations/Sum/60';
      const gappy = '111111111111/us-east-1/gappy/Invocations/Sum/60';
      await store.writeSeries([
        {
          key: busy,
          firstPeriod: 1_000_000,
          periodSeconds: 60,
          values: Float64Array.of(7, 8, 9, 10, 11),
          fetchedUntil: 1_300_000,
        },
        {
          key: gappy,
          firstPeriod: 1_060_000,
          periodSeconds: 60,
          values: Float64Array.of(1, NaN, 3),
          fetchedUntil: 1_240_000,
        },
      ]);
      // Longer than its blocks, as a series stored by an earlier layout might be.
      await knex('lambda_ops_fleet_series')
        .where('series_key', gappy)
        .update({ first_period: 1_000_000, period_count: 5 });
      const buffers = new SeriesBufferPool();

      const first = (await store.readSeries([busy], { buffers })).get(busy)!;
      const meanwhile = (await store.readSeries([gappy], { buffers })).get(
        gappy,
      )!;
      expect(meanwhile.values.buffer).not.toBe(first.values.buffer);
      buffers.reclaim();
      const again = (await store.readSeries([gappy], { buffers })).get(gappy)!;

      // The buffer the busy series was read into, none of its values left in it.
      expect([first.values.buffer, meanwhile.values.buffer]).toContain(
        again.values.buffer,
      );
      expect(again.values).toEqual(Float64Array.of(NaN, 1, NaN, 3, NaN));
      expect(again).toEqual({
        ...(await store.readSeries([gappy])).get(gappy),
        values: again.values,
      });
    });

    it('keeps settled days by function, replaces them and prunes the unused', async () => {
      const store = await createStore();
      const day = Date.UTC(2026, 10, 2);
      await store.writeSettledDays([
        {
          key: 'fn-a',
          fingerprint: 'v1',
          days: [settledDay(day, 3), settledDay(day + DAY_MS, 0)],
        },
        { key: 'fn-b', fingerprint: 'v1', days: [settledDay(day, 1)] },
      ]);
      await store.writeSettledDays([
        { key: 'fn-a', fingerprint: 'v2', days: [settledDay(day, 5)] },
      ]);
      const read = await store.readSettledDays(['fn-a', 'fn-b', 'fn-c']);
      expect(Object.fromEntries(read)).toEqual({
        'fn-a': { key: 'fn-a', fingerprint: 'v2', days: [settledDay(day, 5)] },
        'fn-b': { key: 'fn-b', fingerprint: 'v1', days: [settledDay(day, 1)] },
      });
      await expect(store.pruneSettledDays(new Set(['fn-b']))).resolves.toBe(1);
      expect([
        ...(await store.readSettledDays(['fn-a', 'fn-b'])).keys(),
      ]).toEqual(['fn-b']);
    });

    it('stores the settled days of more functions than one statement binds', async () => {
      const store = await createStore();
      const keys = Array.from({ length: 450 }, (_, i) => `fn-${i}`);
      await store.writeSettledDays(
        keys.map(key => ({
          key,
          fingerprint: 'v1',
          days: [settledDay(Date.UTC(2026, 10, 2), 0)],
        })),
      );
      expect((await store.readSettledDays(keys)).size).toBe(450);
    });

    it('writes a month of periods once, then only the newest, and reads them all back', async () => {
      const store = await createStore();
      const key = '111111111111/us-east-1/fn/Invocations/Sum/300';
      const first = Date.UTC(2026, 10, 1, 0, 35);
      await store.writeSeries([
        {
          key,
          firstPeriod: first,
          periodSeconds: 300,
          values: month(first),
          fetchedUntil: first + 30 * DAY_MS,
        },
      ]);
      // Every refresh, 10 minutes or a day later, re-reads the newest 20 minutes (a late
      // datapoint among them): the newest day's block is rewritten, the older ones kept.
      let firstPeriod = first;
      for (const step of [2, 2, 288, 288, 288, 2]) {
        firstPeriod += step * PERIOD_MS;
        const values = month(firstPeriod);
        // Only a float64 holds it: the newest day's block is of float64, the others of
        // float32.
        values[values.length - 3] = 0.1;
        await store.writeSeries([
          {
            key,
            firstPeriod,
            periodSeconds: 300,
            values,
            fetchedUntil: firstPeriod + 30 * DAY_MS,
            changedFrom: firstPeriod + 30 * DAY_MS - 4 * PERIOD_MS,
          },
        ]);
        expect((await store.readSeries([key])).get(key)).toEqual({
          key,
          firstPeriod,
          periodSeconds: 300,
          values,
          fetchedUntil: firstPeriod + 30 * DAY_MS,
          asRead: monthAsRead(firstPeriod),
        });
      }
    });

    it('stores a series as one block per UTC day, the first from its first period, the newest in its row', async () => {
      const { store, knex } = await createStoreOnKnex();
      const key = '111111111111/us-east-1/fn/Invocations/Sum/300';
      const first = Date.UTC(2026, 10, 1, 0, 35);
      await store.writeSeries([
        {
          key,
          firstPeriod: first,
          periodSeconds: 300,
          values: month(first),
          fetchedUntil: first + 30 * DAY_MS,
        },
      ]);
      const starts = await blockStartsOf(knex, key);
      // 30 days from 00:35 end at 00:35 on the 31st day: 31 days touched, the 31st's
      // block in the series' row.
      expect(starts).toEqual(novemberDayStarts(first));
      const row = await knex('lambda_ops_fleet_series')
        .where('series_key', key)
        .first();
      expect(Number(row.newest_block_start)).toBe(Date.UTC(2026, 11, 1));
      expect((await store.readSeries([key])).get(key)?.values).toEqual(
        month(first),
      );
    });

    it('moves the newest block into the blocks when a later day becomes the newest', async () => {
      const { store, knex } = await createStoreOnKnex();
      const key = '111111111111/us-east-1/fn/Invocations/Sum/300';
      const first = Date.UTC(2026, 10, 1, 0, 35);
      // Ends at midnight: its newest block is the 30th's, and a write of the periods
      // from midnight on leaves that day's periods as stored.
      const end = Date.UTC(2026, 11, 1);
      const stored = month(first, (end - first) / PERIOD_MS);
      await store.writeSeries([
        {
          key,
          firstPeriod: first,
          periodSeconds: 300,
          values: stored,
          fetchedUntil: end,
        },
      ]);
      const later = month(first, (end - first) / PERIOD_MS + 12);
      await store.writeSeries([
        {
          key,
          firstPeriod: first,
          periodSeconds: 300,
          values: later,
          fetchedUntil: end + 12 * PERIOD_MS,
          changedFrom: end,
        },
      ]);
      const blockStarts = await blockStartsOf(knex, key);
      expect(blockStarts.slice(-2)).toEqual([
        Date.UTC(2026, 10, 29),
        Date.UTC(2026, 10, 30),
      ]);
      const row = await knex('lambda_ops_fleet_series')
        .where('series_key', key)
        .first();
      expect(Number(row.newest_block_start)).toBe(end);
      expect((await store.readSeries([key])).get(key)?.values).toEqual(later);
      expect(
        (
          await store.readSeries([key], {
            within: [Date.UTC(2026, 10, 30, 12), end + 6 * PERIOD_MS],
          })
        ).get(key)?.values,
      ).toEqual(
        later.slice(
          (Date.UTC(2026, 10, 30, 12) - first) / PERIOD_MS,
          (end + 6 * PERIOD_MS - first) / PERIOD_MS,
        ),
      );
    });

    it('keeps the series stored before the newest day moved into their rows', async () => {
      const knex = await databases.init(id);
      const directory = resolvePackagePath(
        '@lambda-ops/backstage-plugin-backend',
        'migrations',
      );
      while (
        (await knex.migrate.currentVersion({ directory })) !== '20261203090000'
      ) {
        await knex.migrate.up({ directory });
      }
      const float32 = (values: number[]) =>
        Buffer.concat([
          Buffer.of(0x04),
          Buffer.from(Float32Array.from(values).buffer),
        ]);
      // Two days of one series, from noon; one day of another.
      const key = (fn: string) => `111111111111/us-east-1/${fn}/Errors/Sum/300`;
      const noon = Date.UTC(2026, 10, 1, 12);
      const midnight = Date.UTC(2026, 10, 2);
      const firstDay = Array.from({ length: 144 }, (_, i) => i);
      const secondDay = Array.from({ length: 144 }, (_, i) => 1000 + i);
      await knex('lambda_ops_fleet_series').insert([
        {
          series_key: key('a'),
          first_period: noon,
          period_count: 288,
          fetched_until: noon + 288 * PERIOD_MS,
        },
        {
          series_key: key('b'),
          first_period: midnight,
          period_count: 2,
          fetched_until: midnight + 2 * PERIOD_MS,
        },
      ]);
      await knex('lambda_ops_fleet_series_blocks').insert([
        {
          series_key: key('a'),
          block_start: noon,
          period_values: float32(firstDay),
        },
        {
          series_key: key('a'),
          block_start: midnight,
          period_values: float32(secondDay),
        },
        {
          series_key: key('b'),
          block_start: midnight,
          period_values: float32([7, 8]),
        },
      ]);

      const store = await FleetSnapshotStore.create({
        database: mockServices.database({ knex }),
      });

      const read = await store.readSeries([key('a'), key('b')]);
      expect(read.get(key('a'))?.values).toEqual(
        Float64Array.from([...firstDay, ...secondDay]),
      );
      expect(read.get(key('b'))?.values).toEqual(Float64Array.of(7, 8));
      const blocksLeft = await knex('lambda_ops_fleet_series_blocks').select(
        'series_key',
        'block_start',
      );
      expect(
        blocksLeft.map(row => [row.series_key, Number(row.block_start)]),
      ).toEqual([[key('a'), noon]]);

      // Rolled back, the newest blocks are blocks again.
      while (
        (await knex.migrate.currentVersion({ directory })) !== '20261203090000'
      ) {
        await knex.migrate.down({ directory });
      }
      expect(
        await knex.schema.hasColumn('lambda_ops_fleet_series', 'newest_values'),
      ).toBe(false);
      const blocksBack = await knex('lambda_ops_fleet_series_blocks')
        .orderBy(['series_key', 'block_start'])
        .select('series_key', 'block_start');
      expect(
        blocksBack.map(row => [row.series_key, Number(row.block_start)]),
      ).toEqual([
        [key('a'), noon],
        [key('a'), midnight],
        [key('b'), midnight],
      ]);
    });

    /**
     * Writes a 5-minute series from `first`, then rolls the migrations back until
     * `version` is the newest; `migrateUp` takes them up again.
     */
    async function writtenThenRolledBack(
      values: Float64Array,
      first: number,
      version: string,
    ) {
      const { store, knex } = await createStoreOnKnex();
      const key = '111111111111/us-east-1/fn/Errors/Sum/300';
      await store.writeSeries([
        {
          key,
          firstPeriod: first,
          periodSeconds: 300,
          values,
          fetchedUntil: first + values.length * PERIOD_MS,
        },
      ]);
      const directory = resolvePackagePath(
        '@lambda-ops/backstage-plugin-backend',
        'migrations',
      );
      while ((await knex.migrate.currentVersion({ directory })) !== version) {
        await knex.migrate.down({ directory });
      }
      return {
        store,
        knex,
        key,
        migrateUp: () => knex.migrate.latest({ directory }),
      };
    }

    /**
     * Writes a day and a period of the next as one 5-minute series, rolls the migrations
     * back to `version` and reads the series' stored bytes: its first day's block and its
     * row's newest block.
     */
    async function storedBytesRolledBack(
      values: Float64Array,
      version: string,
    ): Promise<{
      block: Buffer;
      newest: Buffer;
      readBack: () => Promise<unknown>;
    }> {
      const { store, knex, key, migrateUp } = await writtenThenRolledBack(
        values,
        Date.UTC(2026, 10, 30),
        version,
      );
      const [block] = await knex('lambda_ops_fleet_series_blocks')
        .where('series_key', key)
        .select('period_values');
      const [row] = await knex('lambda_ops_fleet_series')
        .where('series_key', key)
        .select('newest_values');
      return {
        block: Buffer.from(block.period_values),
        newest: Buffer.from(row.newest_values),
        // Migrated up again, the store reads what the rollback wrote.
        readBack: async () => {
          await migrateUp();
          return (await store.readSeries([key])).get(key)?.values;
        },
      };
    }

    /** 0x04 then the values as float32s. */
    function float32Block(values: Float64Array): Buffer {
      const bytes = Buffer.alloc(1 + values.length * 4);
      bytes[0] = 0x04;
      values.forEach((value, i) => bytes.writeFloatLE(value, 1 + i * 4));
      return bytes;
    }

    it('writes sparse days in the earlier encodings when rolled back', async () => {
      // One value a float32 holds on the first day, one it does not on the next.
      const values = new Float64Array(289).fill(NaN);
      values[72] = 60_000;
      values[288] = 61_234.56;
      // Before the sparse blocks.
      const { block, newest, readBack } = await storedBytesRolledBack(
        values,
        '20261203120000',
      );
      expect(block).toEqual(float32Block(values.subarray(0, 288)));
      expect(newest).toEqual(Buffer.from(Float64Array.of(61_234.56).buffer));
      await expect(readBack()).resolves.toEqual(values);
    });

    it('writes days of counts as float32s when rolled back', async () => {
      // Counts, with periods without a datapoint.
      const values = Float64Array.from({ length: 289 }, (_, i) =>
        i % 3 === 1 ? NaN : i * 200,
      );
      // Before the blocks of counts.
      const { block, newest, readBack } = await storedBytesRolledBack(
        values,
        '20261203150000',
      );
      expect(block).toEqual(float32Block(values.subarray(0, 288)));
      expect(newest).toEqual(float32Block(values.subarray(288)));
      await expect(readBack()).resolves.toEqual(values);
    });

    it('puts the series held whole in their rows into a block a day when rolled back', async () => {
      const first = Date.UTC(2026, 10, 1, 0, 35);
      // A batch job's month: a run a day.
      const values = month(first).map((_, i) => (i % 288 === 100 ? i : NaN));
      // Before the series held whole in their rows.
      const { store, knex, key, migrateUp } = await writtenThenRolledBack(
        values,
        first,
        '20261203180000',
      );
      const starts = await blockStartsOf(knex, key);
      expect(starts).toEqual(novemberDayStarts(first));
      const row = await knex('lambda_ops_fleet_series')
        .where('series_key', key)
        .first();
      expect(Number(row.newest_block_start)).toBe(Date.UTC(2026, 11, 1));
      // Migrated up again, the store reads what the rollback wrote.
      await migrateUp();
      expect((await store.readSeries([key])).get(key)?.values).toEqual(values);
    });

    it('rewrites the blocks of the changed days alone', async () => {
      const store = await createStore();
      const key = '111111111111/us-east-1/fn/Errors/Sum/300';
      const first = Date.UTC(2026, 10, 1, 0, 35);
      const stored = month(first);
      await store.writeSeries([
        {
          key,
          firstPeriod: first,
          periodSeconds: 300,
          values: stored,
          fetchedUntil: first + 30 * DAY_MS,
        },
      ]);
      const changed = month(first);
      // Said unchanged (before changedFrom's day), so not written: a value of the
      // first day and one of the day before the newest.
      changed[10] = -1;
      changed[changed.length - 10 - 288] = -1;
      changed[changed.length - 1] = 42;
      changed[changed.length - 2] = 0.5;
      await store.writeSeries([
        {
          key,
          firstPeriod: first,
          periodSeconds: 300,
          values: changed,
          fetchedUntil: first + 30 * DAY_MS,
          changedFrom: first + 30 * DAY_MS - 2 * PERIOD_MS,
        },
      ]);
      const expected = month(first);
      expected[expected.length - 1] = 42;
      expected[expected.length - 2] = 0.5;
      expect((await store.readSeries([key])).get(key)?.values).toEqual(
        expected,
      );
    });

    it('writes a series never stored whole, whatever changed', async () => {
      const store = await createStore();
      const key = '111111111111/us-east-1/fn/Errors/Sum/300';
      const first = Date.UTC(2026, 10, 1, 0, 35);
      await store.writeSeries([
        {
          key,
          firstPeriod: first,
          periodSeconds: 300,
          values: month(first),
          fetchedUntil: first + 30 * DAY_MS,
          changedFrom: first + 30 * DAY_MS - 2 * PERIOD_MS,
        },
      ]);
      expect((await store.readSeries([key])).get(key)?.values).toEqual(
        month(first),
      );
    });

    it('deletes the blocks of the days the window left when it moves past midnight', async () => {
      const { store, knex } = await createStoreOnKnex();
      const key = (fn: string) => `111111111111/us-east-1/${fn}/Errors/Sum/300`;
      const a = Date.UTC(2026, 10, 1, 23, 50);
      const b = Date.UTC(2026, 10, 3, 12, 0);
      const series = (fn: string, firstPeriod: number) => ({
        key: key(fn),
        firstPeriod,
        periodSeconds: 300,
        values: month(firstPeriod),
        fetchedUntil: firstPeriod + 30 * DAY_MS,
      });
      await store.writeSeries([series('a', a), series('b', b)]);
      // 20 minutes later a's window starts on the next day, b's on the same.
      const moved = [
        series('a', a + 4 * PERIOD_MS),
        series('b', b + 4 * PERIOD_MS),
      ].map(s => ({
        ...s,
        changedFrom: s.firstPeriod + 30 * DAY_MS - 4 * PERIOD_MS,
      }));
      await store.writeSeries(moved);
      const firstBlockStart = async (fn: string) =>
        Number(
          (
            await knex('lambda_ops_fleet_series_blocks')
              .where('series_key', key(fn))
              .min({ start: 'block_start' })
              .first()
          )?.start,
        );
      expect([
        [key('a'), await firstBlockStart('a')],
        [key('b'), await firstBlockStart('b')],
      ]).toEqual([
        [key('a'), Date.UTC(2026, 10, 2)],
        [key('b'), b],
      ]);
      const read = await store.readSeries([key('a'), key('b')]);
      for (const s of moved) {
        expect(read.get(s.key)?.values).toEqual(s.values);
      }
    });

    it('writes a series merged onto one it read without reading its row again', async () => {
      const { store, knex } = await createStoreOnKnex();
      const key = '111111111111/us-east-1/fn/Invocations/Sum/300';
      const first = Date.UTC(2026, 10, 1, 0, 35);
      const end = first + 30 * DAY_MS;
      await store.writeSeries([
        {
          key,
          firstPeriod: first,
          periodSeconds: 300,
          values: month(first),
          fetchedUntil: end,
        },
      ]);
      const read = (await store.readSeries([key])).get(key)!;
      expect(read.asRead).toEqual(monthAsRead(first));
      // 20 minutes later: the window moves on, the newest periods are answered.
      const later = mergeSeries(
        key,
        300,
        read,
        {
          gridStart: first + 4 * PERIOD_MS,
          fetchedFrom: end - 4 * PERIOD_MS,
          end: end + 4 * PERIOD_MS,
        },
        {
          timestamps: [0, 1, 2, 3, 4, 5, 6, 7].map(
            i => end + (i - 4) * PERIOD_MS,
          ),
          values: [1, 2, 3, 4, 5, 6, 7, 8],
        },
      );
      const seriesRowsRead: string[] = [];
      const onQuery = (query: { sql: string }) => {
        if (/^select .* from .lambda_ops_fleet_series. /i.test(query.sql)) {
          seriesRowsRead.push(query.sql);
        }
      };
      knex.on('query', onQuery);
      await store.writeSeries([later]);
      const unread = { ...later, asRead: undefined };
      await store.writeSeries([unread]);
      knex.off('query', onQuery);

      // The first write took the row as read; the second, without it, looked it up.
      expect(seriesRowsRead).toHaveLength(1);
      expect((await store.readSeries([key])).get(key)).toEqual({
        key,
        firstPeriod: first + 4 * PERIOD_MS,
        periodSeconds: 300,
        values: Float64Array.from([
          ...month(first + 4 * PERIOD_MS, 30 * 288 - 8),
          ...[1, 2, 3, 4, 5, 6, 7, 8],
        ]),
        fetchedUntil: end + 4 * PERIOD_MS,
        asRead: monthAsRead(first + 4 * PERIOD_MS),
      });
    });

    it('reads the periods within a span alone, from the blocks of its days alone', async () => {
      const { store, knex } = await createStoreOnKnex();
      const key = '111111111111/us-east-1/fn/Invocations/Sum/300';
      const first = Date.UTC(2026, 10, 1, 0, 35);
      const values = month(first);
      await store.writeSeries([
        {
          key,
          firstPeriod: first,
          periodSeconds: 300,
          values,
          fetchedUntil: first + 30 * DAY_MS,
        },
      ]);
      const blocksRead: number[] = [];
      const countBlocks = (rows: unknown, query: { sql?: string }) => {
        if (query.sql?.includes('lambda_ops_fleet_series_blocks')) {
          blocksRead.push((rows as unknown[]).length);
        }
      };
      knex.on('query-response', countBlocks);
      // From noon on the 15th to the end of the 16th; the first day, whose block starts
      // mid-day.
      const middle = await store.readSeries([key], {
        within: [Date.UTC(2026, 10, 15, 12), Date.UTC(2026, 10, 17)],
      });
      const firstDay = await store.readSeries([key], {
        within: [first, Date.UTC(2026, 10, 2)],
      });
      knex.off('query-response', countBlocks);

      const middleFrom = (Date.UTC(2026, 10, 15, 12) - first) / PERIOD_MS;
      const middleTo = (Date.UTC(2026, 10, 17) - first) / PERIOD_MS;
      expect(middle.get(key)).toEqual({
        key,
        firstPeriod: Date.UTC(2026, 10, 15, 12),
        gridStart: first,
        periodSeconds: 300,
        values: values.slice(middleFrom, middleTo),
        fetchedUntil: first + 30 * DAY_MS,
        asRead: monthAsRead(first),
      });
      expect(firstDay.get(key)).toEqual({
        key,
        firstPeriod: first,
        periodSeconds: 300,
        values: values.slice(0, (Date.UTC(2026, 10, 2) - first) / PERIOD_MS),
        fetchedUntil: first + 30 * DAY_MS,
        asRead: monthAsRead(first),
      });
      // The 15th's and the 16th's; the first day's.
      expect(blocksRead).toEqual([2, 1]);
    });

    it('reads several spans at once, as apart', async () => {
      const store = await createStore();
      const key = (fn: string) => `111111111111/us-east-1/${fn}/Errors/Sum/300`;
      const first = Date.UTC(2026, 10, 1, 0, 35);
      const end = first + 30 * DAY_MS;
      await store.writeSeries(
        ['a', 'b'].map(fn => ({
          key: key(fn),
          firstPeriod: first,
          periodSeconds: 300,
          values: month(first),
          fetchedUntil: end,
        })),
      );
      // The window's first day, and its newest days: the last in the series' row.
      const spans = [
        [first, Date.UTC(2026, 10, 2)],
        [Date.UTC(2026, 10, 28, 6), end],
      ] as const;
      const keys = [key('a'), key('b'), key('c')];

      const together = await store.readSeriesSpans(keys, [...spans]);

      const apart = await Promise.all(
        spans.map(within => store.readSeries(keys, { within })),
      );
      expect(together).toEqual(apart);
      expect(together[1].get(key('b'))?.values).toEqual(
        month(first).slice((Date.UTC(2026, 10, 28, 6) - first) / PERIOD_MS),
      );
    });

    it('writes a series read within a span back from its newest day, the periods before as stored', async () => {
      const store = await createStore();
      const key = '111111111111/us-east-1/fn/Errors/Sum/300';
      const first = Date.UTC(2026, 10, 1, 0, 35);
      const values = month(first);
      const { end, newest } = await writeMonthReadNewestDays(
        store,
        key,
        first,
        values,
      );
      // A period of the newest day answered anew, and one of an earlier day changed in
      // memory alone: only the newest day is written.
      const changedFrom = end - 3 * PERIOD_MS;
      newest.values[newest.values.length - 3] = 777;
      newest.values[0] = 555;

      await store.writeSeries([{ ...newest, changedFrom }]);

      const expected = Float64Array.from(values);
      expected[expected.length - 3] = 777;
      expect((await store.readSeries([key])).get(key)).toEqual({
        key,
        firstPeriod: first,
        periodSeconds: 300,
        values: expected,
        fetchedUntil: end,
        asRead: monthAsRead(first),
      });
      // Without its changes, it would have to be written whole: refused, nothing lost.
      await expect(
        store.writeSeries([{ ...newest, changedFrom: undefined }]),
      ).rejects.toThrow(/cannot be written whole or from before then/);
      expect((await store.readSeries([key])).get(key)?.values).toEqual(
        expected,
      );
    });
  },
);
