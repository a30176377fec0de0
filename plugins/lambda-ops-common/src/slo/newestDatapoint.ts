import { forEachDatapoint, MetricPoints } from './sliSeries';

/**
 * The newest datapoint; the later of two at the same time; null without one. Periods kept
 * one value a period are read from the end: a fleet refresh asks this of every
 * function's series.
 */
export function newestDatapoint(
  points: MetricPoints | undefined,
): { ts: number; value: number } | null {
  // Kept one value a period (PeriodValues).
  if (points && 'periodSeconds' in points) {
    for (let i = points.values.length - 1; i >= 0; i--) {
      if (!Number.isNaN(points.values[i])) {
        return {
          ts: points.start + i * points.periodSeconds * 1000,
          value: points.values[i],
        };
      }
    }
    return null;
  }
  let newest: { ts: number; value: number } | null = null;
  forEachDatapoint(points, (ts, value) => {
    if (!newest || ts >= newest.ts) {
      newest = { ts, value };
    }
  });
  return newest;
}
