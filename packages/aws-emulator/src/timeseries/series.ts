import { MinuteDatapoint } from './datapoints';

/**
 * A run of consecutive scenario minutes that all recorded the same datapoint. Minutes count
 * backwards from the scenario origin: minute m is [origin − m min, origin − (m−1) min), so
 * m = 1 is the last complete minute.
 */
export interface SeriesSegment {
  /** Newest minute of the run (smallest m, ≥ 1). */
  readonly newest: number;
  /** Oldest minute of the run (largest m). */
  readonly oldest: number;
  readonly datapoint: MinuteDatapoint;
}

/**
 * A metric's data as non-overlapping segments; minutes covered by no segment have no data.
 * Scenario data is piecewise constant, so a few segments describe 90 days and a statistic over
 * any span is computed per segment in closed form instead of minute by minute.
 */
export type MetricSeries = readonly SeriesSegment[];

/** Builds a series from `[newest, oldest, datapoint]` runs, checking that they are sound. */
export function seriesOf(
  runs: ReadonlyArray<
    readonly [newest: number, oldest: number, datapoint: MinuteDatapoint]
  >,
): MetricSeries {
  const segments = runs
    .map(([newest, oldest, datapoint]) => ({ newest, oldest, datapoint }))
    .sort((a, b) => a.newest - b.newest);
  segments.forEach((segment, i) => {
    const previous = segments[i - 1];
    if (
      segment.newest < 1 ||
      segment.oldest < segment.newest ||
      (previous && previous.oldest >= segment.newest)
    ) {
      throw new Error(
        `Invalid series segment ${segment.newest}..${segment.oldest}`,
      );
    }
  });
  return segments;
}
