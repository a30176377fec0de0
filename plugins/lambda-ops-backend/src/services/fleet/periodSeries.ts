import type { Datapoints } from '@lambda-ops/backstage-plugin-common';
import type { MetricSeries } from '../MetricsService';
import type { SeriesEnd, StoredSeries } from './FleetSnapshotStore';

/**
 * CloudWatch may still add datapoints to the newest minutes after it first answered
 * (late publishing): each refresh reads this far back over what the last one read.
 */
export const LATE_DATAPOINT_OVERLAP_MS = 15 * 60_000;

function floorTo(ms: number, stepMs: number): number {
  return Math.floor(ms / stepMs) * stepMs;
}

/**
 * Where the next read of a series starts: the periods since the last read, less the
 * overlap, on `alignMs` (so that every period length of the call lines up); from
 * `gridStart` when nothing of the grid is stored yet (the backfill).
 */
export function nextFetchStart(
  stored: SeriesEnd | undefined,
  gridStart: number,
  alignMs: number,
): number {
  if (!stored || stored.fetchedUntil - LATE_DATAPOINT_OVERLAP_MS <= gridStart) {
    return gridStart;
  }
  return Math.max(
    gridStart,
    floorTo(stored.fetchedUntil - LATE_DATAPOINT_OVERLAP_MS, alignMs),
  );
}

/** How far a merge may grow a series read for a refresh in place: an hour. */
const ROOM_TO_GROW_MS = 3_600_000;

/** The periods of `periodSeconds` a series read for a refresh has room for after its own. */
function roomFor(periodSeconds: number): number {
  return Math.ceil(ROOM_TO_GROW_MS / (periodSeconds * 1000));
}

/**
 * Zeroed values of `periods` periods of `periodSeconds`, in a buffer with room after them
 * for the periods of the next hour: a series read from the store grows by the periods
 * since the last refresh, and {@link mergeSeries} then fills them in place rather than
 * copying the series into a new array (a copy of each series, each refresh, was most of
 * the merge's time and of its garbage).
 */
export function valuesWithRoom(
  periods: number,
  periodSeconds: number,
): Float64Array {
  return new Float64Array(periods + roomFor(periodSeconds)).subarray(
    0,
    periods,
  );
}

/** Buffers are pooled by their length in periods, rounded up to a multiple of this. */
const POOLED_PERIODS_STEP = 256;

/**
 * Buffers for the values of the series a refresh reads, one chunk of functions after
 * another: once a chunk's series are written back and its SLOs worked out, nothing reads
 * them again, and the next chunk's values go into the same buffers. Each series still has
 * a buffer of its own, with room after its values as {@link valuesWithRoom} gives them.
 * A steady refresh of 10,000 functions otherwise made about 700 MB of new buffers outside
 * V8's heap, and V8 runs a full garbage collection for every 64 MB or so of those.
 */
export class SeriesBufferPool {
  readonly #free = new Map<number, ArrayBuffer[]>();
  #lent: ArrayBuffer[] = [];

  /**
   * Values of `periods` periods with room after them, as {@link valuesWithRoom}'s, in a
   * buffer the pool may have lent before: what they hold is to be overwritten.
   */
  valuesWithRoom(periods: number, periodSeconds: number): Float64Array {
    const capacity =
      Math.ceil((periods + roomFor(periodSeconds)) / POOLED_PERIODS_STEP) *
      POOLED_PERIODS_STEP;
    const buffer =
      this.#free.get(capacity)?.pop() ??
      new ArrayBuffer(capacity * Float64Array.BYTES_PER_ELEMENT);
    this.#lent.push(buffer);
    return new Float64Array(buffer, 0, periods);
  }

  /** Takes every buffer lent back, for the next values: nothing may read these again. */
  reclaim(): void {
    for (const buffer of this.#lent) {
      const capacity = buffer.byteLength / Float64Array.BYTES_PER_ELEMENT;
      if (!this.#free.get(capacity)?.push(buffer)) {
        this.#free.set(capacity, [buffer]);
      }
    }
    this.#lent = [];
  }
}

/** How many periods the values' buffer holds from their first on. */
function capacityOf(values: Float64Array): number {
  return (
    (values.buffer.byteLength - values.byteOffset) /
    Float64Array.BYTES_PER_ELEMENT
  );
}

/**
 * The stored series moved onto `[gridStart, end)`: periods before the grid dropped, the
 * periods from `fetchedFrom` replaced by what CloudWatch just answered (a period it no
 * longer answers for has no datapoint). The stored values are handed over, and the rest
 * of their buffer with them: when the grid only moved on, as from one refresh to the
 * next, or grew into the room after them (see {@link valuesWithRoom}), they are moved in
 * place rather than copied into a new month of periods.
 */
export function mergeSeries(
  key: string,
  periodSeconds: number,
  stored: StoredSeries | undefined,
  window: { gridStart: number; fetchedFrom: number; end: number },
  fetched: MetricSeries,
): StoredSeries {
  const periodMs = periodSeconds * 1000;
  const { gridStart, fetchedFrom, end } = window;
  const length = Math.max(0, Math.ceil((end - gridStart) / periodMs));
  let values: Float64Array;
  if (stored) {
    // Both grids fall on the period boundaries, so the kept periods move as one block.
    const shift = (stored.firstPeriod - gridStart) / periodMs;
    const from = Math.max(0, -shift);
    const to = Math.min(
      stored.values.length,
      Math.ceil((fetchedFrom - stored.firstPeriod) / periodMs),
      length - shift,
    );
    if (
      shift <= 0 &&
      stored.values.length <= length &&
      length <= capacityOf(stored.values)
    ) {
      values =
        length === stored.values.length
          ? stored.values
          : new Float64Array(
              stored.values.buffer,
              stored.values.byteOffset,
              length,
            );
      if (shift < 0 && to > from) {
        values.copyWithin(from + shift, from, to);
      }
      values.fill(NaN, Math.max(0, to + shift));
    } else {
      values = new Float64Array(length).fill(NaN);
      if (to > from) {
        values.set(stored.values.subarray(from, to), from + shift);
      }
    }
  } else {
    values = new Float64Array(length).fill(NaN);
  }
  const { timestamps } = fetched;
  for (let i = 0; i < timestamps.length; i++) {
    const index = Math.floor((timestamps[i] - gridStart) / periodMs);
    if (index >= 0 && index < values.length) {
      values[index] = fetched.values[i];
    }
  }
  return {
    key,
    firstPeriod: gridStart,
    periodSeconds,
    values,
    fetchedUntil: end,
    // The kept periods are as stored unless the grid reaches further back than before.
    changedFrom:
      stored && gridStart >= stored.firstPeriod ? fetchedFrom : undefined,
    ...(stored?.asRead ? { asRead: stored.asRead } : {}),
  };
}

/**
 * Coarse sums worked out from minute sums for the periods from `from`: a sum over a
 * period is the sum of its minutes' sums, and no datapoint when no minute has one — as
 * CloudWatch answers it. The sums are written into `coarse`'s values, a series the
 * caller has just merged and no one else holds: a copy a series was garbage a refresh.
 */
export function sumIntoPeriods(
  coarse: StoredSeries,
  minutes: StoredSeries,
  from: number,
): StoredSeries {
  const periodMs = coarse.periodSeconds * 1000;
  const minuteMs = minutes.periodSeconds * 1000;
  const values = coarse.values;
  const firstIndex = Math.max(0, (from - coarse.firstPeriod) / periodMs);
  values.fill(NaN, firstIndex);
  for (let i = 0; i < minutes.values.length; i++) {
    const value = minutes.values[i];
    const ts = minutes.firstPeriod + i * minuteMs;
    const index = Math.floor((ts - coarse.firstPeriod) / periodMs);
    if (Number.isNaN(value) || index < firstIndex || index >= values.length) {
      continue;
    }
    values[index] = Number.isNaN(values[index]) ? value : values[index] + value;
  }
  return {
    ...coarse,
    values,
    fetchedUntil: minutes.fetchedUntil,
    changedFrom:
      coarse.changedFrom === undefined
        ? undefined
        : Math.min(coarse.changedFrom, from),
  };
}

/** The stored periods that have a datapoint, as the SLO math takes them. */
export function toDatapoints(series: StoredSeries | undefined): Datapoints {
  const timestamps: number[] = [];
  const values: number[] = [];
  if (series) {
    const periodMs = series.periodSeconds * 1000;
    for (let i = 0; i < series.values.length; i++) {
      if (!Number.isNaN(series.values[i])) {
        timestamps.push(series.firstPeriod + i * periodMs);
        values.push(series.values[i]);
      }
    }
  }
  return { timestamps, values };
}
