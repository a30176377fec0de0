import {
  mergeSeries,
  SeriesBufferPool,
  sumIntoPeriods,
  valuesWithRoom,
} from './periodSeries';
import type { StoredSeries } from './FleetSnapshotStore';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 29, 12);

function stored(values: number[], firstPeriod = T0): StoredSeries {
  return {
    key: 'k',
    firstPeriod,
    periodSeconds: 300,
    values: Float64Array.from(values),
    fetchedUntil: firstPeriod + values.length * 5 * MINUTE,
  };
}

describe('mergeSeries', () => {
  it('moves the grid on, keeps the stored periods before the read and takes late datapoints in the overlap', () => {
    // 8 periods stored; the grid moves on 2 periods and the read starts at the 6th period:
    // a late datapoint changes it, the 7th is answered no more, 2 new ones arrive.
    const merged = mergeSeries(
      'k',
      300,
      stored([1, 2, 3, 4, 5, 6, 7, 8]),
      {
        gridStart: T0 + 10 * MINUTE,
        fetchedFrom: T0 + 25 * MINUTE,
        end: T0 + 50 * MINUTE,
      },
      {
        timestamps: [25, 35, 45].map(m => T0 + m * MINUTE),
        values: [60, 9, 10],
      },
    );
    expect(merged).toEqual({
      key: 'k',
      firstPeriod: T0 + 10 * MINUTE,
      periodSeconds: 300,
      values: Float64Array.of(3, 4, 5, 60, NaN, 9, NaN, 10),
      fetchedUntil: T0 + 50 * MINUTE,
      changedFrom: T0 + 25 * MINUTE,
    });
  });

  it('rewrites every period when the grid reaches back further than the stored series', () => {
    const merged = mergeSeries(
      'k',
      300,
      stored([1, 2], T0 + 10 * MINUTE),
      { gridStart: T0, fetchedFrom: T0 + 15 * MINUTE, end: T0 + 20 * MINUTE },
      { timestamps: [], values: [] },
    );
    expect(merged.values).toEqual(Float64Array.of(NaN, NaN, 1, NaN));
    expect(merged.changedFrom).toBeUndefined();
  });

  it('grows a series read with room in place: the stored periods kept, the new ones from the answer', () => {
    const values = valuesWithRoom(4, 300);
    values.set([1, 2, 3, 4]);
    // The grid keeps its start and grows by 2 periods; the read starts at the 4th period.
    const merged = mergeSeries(
      'k',
      300,
      { ...stored([]), values },
      { gridStart: T0, fetchedFrom: T0 + 15 * MINUTE, end: T0 + 30 * MINUTE },
      { timestamps: [T0 + 25 * MINUTE], values: [6] },
    );
    expect(merged.values).toEqual(Float64Array.of(1, 2, 3, NaN, NaN, 6));
    expect(merged.values.buffer).toBe(values.buffer);
    expect(merged.changedFrom).toBe(T0 + 15 * MINUTE);
  });

  it('grows a series read into a pooled buffer in place, as with room of its own', () => {
    const buffers = new SeriesBufferPool();
    const values = buffers.valuesWithRoom(4, 300);
    const neighbour = buffers.valuesWithRoom(4, 300);
    values.set([1, 2, 3, 4]);
    neighbour.set([9, 9, 9, 9]);
    // An hour more of 5-minute periods: the room a read is given.
    const merged = mergeSeries(
      'k',
      300,
      { ...stored([]), values },
      { gridStart: T0, fetchedFrom: T0 + 20 * MINUTE, end: T0 + 80 * MINUTE },
      { timestamps: [T0 + 75 * MINUTE], values: [6] },
    );
    expect(merged.values.buffer).toBe(values.buffer);
    expect([...merged.values]).toEqual([1, 2, 3, 4, ...Array(11).fill(NaN), 6]);
    expect([...neighbour]).toEqual([9, 9, 9, 9]);
  });

  it('copies a series that grows past the room it was read with', () => {
    const values = valuesWithRoom(2, 1800);
    values.set([1, 2]);
    // Half-hour periods: room for 2 more; the grid grows by 3.
    const merged = mergeSeries(
      'k',
      1800,
      { ...stored([]), periodSeconds: 1800, values },
      { gridStart: T0, fetchedFrom: T0 + 60 * MINUTE, end: T0 + 150 * MINUTE },
      { timestamps: [T0 + 120 * MINUTE], values: [5] },
    );
    expect(merged.values).toEqual(Float64Array.of(1, 2, NaN, NaN, 5));
    expect(merged.values.buffer).not.toBe(values.buffer);
  });
});

describe('sumIntoPeriods', () => {
  it('adds the minutes up into the coarse periods from the first one read, none where no minute has a datapoint', () => {
    const minutes: StoredSeries = {
      key: 'm',
      firstPeriod: T0 + 5 * MINUTE,
      periodSeconds: 60,
      values: Float64Array.of(1, 2, NaN, 4, 5, NaN, NaN, NaN, NaN, NaN),
      fetchedUntil: T0 + 15 * MINUTE,
    };
    const summed = sumIntoPeriods(
      { ...stored([7, 8, 9]), changedFrom: T0 + 10 * MINUTE },
      minutes,
      T0 + 5 * MINUTE,
    );
    expect(summed.values).toEqual(Float64Array.of(7, 12, NaN));
    expect(summed.changedFrom).toBe(T0 + 5 * MINUTE);
  });
});
