import type { SloMetric } from './patternSlos';

/**
 * What one UTC day adds to a function's SLO window once CloudWatch will not change its
 * datapoints any more: each SLO's counts that day, each counted metric's sum, and each
 * metric's newest datapoint. A fleet refresh adds up the settled days in the middle of
 * the window instead of reading their periods again; the counts are whole numbers, so
 * the sums are exact and equal the Operations tab's.
 *
 * @public
 */
export interface SettledSloDay {
  /** Start of the UTC day, epoch ms. */
  start: number;
  /** Bad events and all events (periods, for a period-based SLI) by SLO objective. */
  counts: Partial<Record<string, { bad: number; total: number }>>;
  /** The sum of each metric's datapoints that day. */
  sums: Partial<Record<SloMetric, number>>;
  /** Each metric's newest datapoint that day. */
  latest: Partial<Record<SloMetric, { ts: number; value: number }>>;
}
