import { MetricSeries, SeriesSegment } from './series';

/** A statistic that GetMetricData can compute over a span of minutes. */
export type Statistic =
  | { kind: 'Sum' | 'SampleCount' | 'Average' | 'Minimum' | 'Maximum' }
  | { kind: 'Percentile'; percentile: number };

const SIMPLE_STATISTICS = new Set([
  'Sum',
  'SampleCount',
  'Average',
  'Minimum',
  'Maximum',
]);
const PERCENTILE = /^p(\d{1,2}(?:\.\d+)?|100)$/;

/**
 * Parses a CloudWatch `Stat`. Supported: the five simple statistics and percentiles `pNN` /
 * `pNN.NN`; CloudWatch's other extended statistics (tm99, wm99, IQM, PR(…), TC(…), TS(…))
 * give `undefined`.
 */
export function parseStatistic(stat: string): Statistic | undefined {
  if (SIMPLE_STATISTICS.has(stat)) {
    return {
      kind: stat as 'Sum' | 'SampleCount' | 'Average' | 'Minimum' | 'Maximum',
    };
  }
  const percentile = PERCENTILE.exec(stat);
  return percentile
    ? { kind: 'Percentile', percentile: Number(percentile[1]) }
    : undefined;
}

/** Adds up the segments that overlap one span. */
class SpanAccumulator {
  #minutes = 0;
  #sumThousandths = 0;
  #sampleCount = 0;
  #minimum = Infinity;
  #maximum = -Infinity;
  #percentile = -Infinity;

  add(segment: SeriesSegment, minutes: number, statistic: Statistic): void {
    const point = segment.datapoint;
    this.#minutes += minutes;
    this.#sumThousandths += minutes * point.sumThousandths;
    this.#sampleCount += minutes * point.sampleCount;
    this.#minimum = Math.min(this.#minimum, point.minimum);
    this.#maximum = Math.max(this.#maximum, point.maximum);
    if (statistic.kind === 'Percentile') {
      this.#percentile = Math.max(
        this.#percentile,
        point.percentile(statistic.percentile),
      );
    }
  }

  result(statistic: Statistic): number | undefined {
    if (this.#minutes === 0) {
      return undefined;
    }
    const results: Record<Statistic['kind'], number | undefined> = {
      Sum: this.#sumThousandths / 1000,
      SampleCount: this.#sampleCount,
      Average:
        this.#sampleCount === 0
          ? undefined
          : this.#sumThousandths / 1000 / this.#sampleCount,
      Minimum: this.#minimum,
      Maximum: this.#maximum,
      Percentile: this.#percentile,
    };
    return results[statistic.kind];
  }
}

/** A span of scenario minutes m ∈ [newest, oldest]. */
export interface MinuteSpan {
  readonly newest: number;
  readonly oldest: number;
}

/**
 * The statistic over the minutes of a span, or `undefined` when none of them has data. Sums
 * are exact (integer thousandths). A percentile over several minutes is the largest of the
 * per-minute percentiles: a simplification (CloudWatch merges the distributions) that is exact
 * for constant data and errs on the pessimistic side.
 */
export function statisticOver(
  series: MetricSeries,
  span: MinuteSpan,
  statistic: Statistic,
): number | undefined {
  return statisticsOverSpans(series, [span], statistic)[0];
}

/**
 * `statisticOver` for many spans at once. The spans must be sorted newest first and must not
 * overlap; the series is then walked once, so a query over 90 days of a batch job's 90 runs
 * costs spans + segments, not spans × segments.
 */
export function statisticsOverSpans(
  series: MetricSeries,
  spans: readonly MinuteSpan[],
  statistic: Statistic,
): Array<number | undefined> {
  let firstCandidate = 0;
  return spans.map(span => {
    while (
      firstCandidate < series.length &&
      series[firstCandidate].oldest < span.newest
    ) {
      firstCandidate++;
    }
    const accumulator = new SpanAccumulator();
    for (
      let i = firstCandidate;
      i < series.length && series[i].newest <= span.oldest;
      i++
    ) {
      const segment = series[i];
      const overlap =
        Math.min(span.oldest, segment.oldest) -
        Math.max(span.newest, segment.newest) +
        1;
      accumulator.add(segment, overlap, statistic);
    }
    return accumulator.result(statistic);
  });
}

/**
 * How many of the spans have a value of the statistic, without computing it: those that
 * overlap the series (for `Average`, a part of it with samples). Spans as for
 * statisticsOverSpans: newest first, not overlapping.
 */
export function spansWithData(
  series: MetricSeries,
  spans: readonly MinuteSpan[],
  statistic: Statistic,
): number {
  let count = 0;
  let firstCandidate = 0;
  for (const span of spans) {
    while (
      firstCandidate < series.length &&
      series[firstCandidate].oldest < span.newest
    ) {
      firstCandidate++;
    }
    for (
      let i = firstCandidate;
      i < series.length && series[i].newest <= span.oldest;
      i++
    ) {
      if (statistic.kind !== 'Average' || series[i].datapoint.sampleCount > 0) {
        count++;
        break;
      }
    }
  }
  return count;
}
