import type { ErrorBudget } from '../types';

/** Good/bad event counts of a request-based SLI over a span. @public */
export interface EventCounts {
  total: number;
  bad: number;
}

/** Raw `AWS/Lambda` sums over a span. @public */
export interface AvailabilityMetricSums {
  invocations: number;
  errors: number;
  throttles: number;
}

/**
 * Availability events. A throttled request never reached the function and failed its
 * caller, so it counts both as a request and as a bad one.
 *
 * @public
 */
export function availabilityEvents(sums: AvailabilityMetricSums): EventCounts {
  return {
    total: sums.invocations + sums.throttles,
    bad: sums.errors + sums.throttles,
  };
}

/**
 * Share of good events, `1 − bad/total`; null when there was no traffic, which is
 * "no data", not 100 %.
 *
 * @public
 */
export function computeAttainment(counts: EventCounts): number | null {
  return counts.total > 0 ? 1 - counts.bad / counts.total : null;
}

/**
 * `1 − target` without binary noise: 1 − 0.999 is 0.0010000000000000009 in floating point,
 * which would leave a budget that is exactly spent a hair above zero.
 *
 * @public
 */
export function allowedBadRatio(target: number): number {
  return Math.round((1 - target) * 1e12) / 1e12;
}

/**
 * Error budget of a request-based SLO over its window: `(1 − target) × total` bad events
 * are allowed; `remaining` goes negative once they are overspent.
 *
 * @public
 */
export function computeRequestErrorBudget(
  counts: EventCounts,
  target: number,
): ErrorBudget {
  const total = allowedBadRatio(target) * counts.total;
  return {
    total,
    consumed: counts.bad,
    remaining: total > 0 ? 1 - counts.bad / total : null,
    unit: 'requests',
  };
}
