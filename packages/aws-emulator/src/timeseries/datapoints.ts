/**
 * What one metric recorded during one minute: CloudWatch's statistic set (sum, sample
 * count, minimum, maximum) plus the distribution of the samples for percentiles.
 */
export interface MinuteDatapoint {
  /**
   * Sum of the minute's samples in thousandths, an integer: sums over months of fractional
   * rates (0.02 errors a minute) then come out exact instead of drifting in floating point.
   */
  readonly sumThousandths: number;
  readonly sampleCount: number;
  readonly minimum: number;
  readonly maximum: number;
  /** The `p`th percentile (0–100) of the minute's samples. */
  percentile(p: number): number;
}

/** Values are stored in thousandths, so a scenario may use at most three decimals. */
function toThousandths(value: number): number {
  return Math.round(value * 1000);
}

/**
 * A count metric (Invocations, Errors, Throttles, DeadLetterErrors, …). Lambda publishes one
 * sample per invocation, 1 when the invocation is counted and 0 otherwise (Invocations: always
 * 1), so Sum is the count, SampleCount the invocations and Average a rate.
 */
export function countDatapoint(
  count: number,
  invocations: number,
): MinuteDatapoint {
  return {
    sumThousandths: toThousandths(count),
    sampleCount: invocations,
    minimum: count >= invocations ? 1 : 0,
    maximum: count > 0 ? 1 : 0,
    // Nearest-rank percentile of (invocations − count) zeros followed by `count` ones.
    percentile: p =>
      count > 0 && (p / 100) * invocations > invocations - count ? 1 : 0,
  };
}

/** Shape of a distribution (Duration, AsyncEventAge) within one minute. */
export interface DistributionShape {
  minimum: number;
  p50: number;
  average: number;
  p95: number;
  p99: number;
  maximum: number;
}

/**
 * A distribution metric with `samples` samples in the minute. Percentiles other than the
 * given ones are interpolated linearly between p0 (minimum), p50, p95, p99 and p100
 * (maximum).
 */
export function distributionDatapoint(
  shape: DistributionShape,
  samples: number,
): MinuteDatapoint {
  const anchors: ReadonlyArray<readonly [number, number]> = [
    [0, shape.minimum],
    [50, shape.p50],
    [95, shape.p95],
    [99, shape.p99],
    [100, shape.maximum],
  ];
  return {
    sumThousandths: toThousandths(shape.average * samples),
    sampleCount: samples,
    minimum: shape.minimum,
    maximum: shape.maximum,
    percentile: p => interpolate(anchors, p),
  };
}

/** One sample in the minute: every statistic is the value itself (a batch run, a queue gauge). */
export function singleSampleDatapoint(value: number): MinuteDatapoint {
  return {
    sumThousandths: toThousandths(value),
    sampleCount: 1,
    minimum: value,
    maximum: value,
    percentile: () => value,
  };
}

function interpolate(
  anchors: ReadonlyArray<readonly [number, number]>,
  p: number,
): number {
  for (let i = 1; i < anchors.length; i++) {
    const [p1, v1] = anchors[i];
    if (p <= p1) {
      const [p0, v0] = anchors[i - 1];
      return v0 + ((v1 - v0) * (p - p0)) / (p1 - p0);
    }
  }
  return anchors[anchors.length - 1][1];
}
