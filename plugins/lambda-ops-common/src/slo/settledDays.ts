import type { LambdaOpsEntitySettings } from '../annotations/parseLambdaOpsAnnotations';
import {
  excludeFromSli,
  exclusionOccurrences,
} from '../exclusions/exclusionWindows';
import { countedSlis, CountedObjective } from './countedSlis';
import type { SloDatapoints, SloMetric } from './patternSlos';
import { countWithinRuns, periodRuns } from './periodRuns';
import { forEachDatapoint, PeriodGrid } from './sliSeries';

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

const DAY_MS = 86_400_000;

/** Metrics whose sums an SLO shows beside its budget (the failed deliveries). */
const SUMMED_METRICS: readonly SloMetric[] = [
  'deadLetterErrors',
  'destinationDeliveryFailures',
  'asyncEventsDropped',
];
/** Metrics whose newest value an SLO shows (the messages waiting in a DLQ). */
const LATEST_METRICS: readonly SloMetric[] = ['dlqMessages'];

/**
 * The settled days of a function's SLOs (see `SloWindow.earlier`), from datapoints on a
 * grid that holds each of the days whole, with the entity's exclusion windows applied as
 * `evaluatePatternSlos` applies them.
 *
 * @param dayStarts - the UTC days to settle, by their start
 * @public
 */
export function settleSloDays(
  settings: LambdaOpsEntitySettings,
  coarse: { grid: PeriodGrid; data: SloDatapoints },
  dayStarts: readonly number[],
): SettledSloDay[] {
  const { grid, data } = coarse;
  const days = dayStarts.map(
    (start): SettledSloDay => ({ start, counts: {}, sums: {}, latest: {} }),
  );
  if (days.length === 0) {
    return days;
  }
  const exclusions = exclusionOccurrences(settings.exclusionWindows, {
    start: grid.start,
    end: grid.start + grid.periods * grid.periodSeconds * 1000,
  });
  const slis = countedSlis(settings, coarse);
  for (const objective of Object.keys(slis) as CountedObjective[]) {
    const runs = periodRuns(excludeFromSli(slis[objective]!, exclusions));
    for (const day of days) {
      day.counts[objective] = countWithinRuns(
        runs,
        day.start,
        day.start + DAY_MS,
      );
    }
  }
  const byStart = new Map(days.map(day => [day.start, day]));
  const dayOf = (ts: number) => byStart.get(Math.floor(ts / DAY_MS) * DAY_MS);
  for (const metric of SUMMED_METRICS) {
    if (data[metric]) {
      days.forEach(day => {
        day.sums[metric] = 0;
      });
      forEachDatapoint(data[metric], (ts, value) => {
        const day = dayOf(ts);
        if (day) {
          day.sums[metric]! += value;
        }
      });
    }
  }
  for (const metric of LATEST_METRICS) {
    forEachDatapoint(data[metric], (ts, value) => {
      const day = dayOf(ts);
      const newest = day?.latest[metric];
      if (day && (!newest || ts >= newest.ts)) {
        day.latest[metric] = { ts, value };
      }
    });
  }
  return days;
}
