import type { DataLag } from '../types';
import { newestDatapoint } from './newestDatapoint';
import type { MetricPoints } from './sliSeries';

const MINUTE_MS = 60_000;

/**
 * How long CloudWatch usually takes to publish a minute of Lambda metrics, unless
 * configured (`lambdaOps.defaults.publishingLag`): windows that end sooner read minutes
 * that are not there yet.
 *
 * @public
 */
export const DEFAULT_PUBLISHING_LAG_MS = 3 * MINUTE_MS;

/** What is known of the data's freshness at `now` (all epoch ms). @public */
export interface PublishedDataInput {
  now: number;
  publishingLagMs: number;
  /** End of the newest datapoint seen, null when there was none. */
  newestDataEnd: number | null;
}

function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/**
 * End of the newest datapoint among 1-minute series: the start of the newest minute with
 * a datapoint plus that minute. Null without any datapoint.
 *
 * @public
 */
export function newestMinuteEnd(
  series: ReadonlyArray<MetricPoints | undefined>,
): number | null {
  const newest = Math.max(
    -Infinity,
    ...series.map(points => newestDatapoint(points)?.ts ?? -Infinity),
  );
  return newest === -Infinity ? null : newest + MINUTE_MS;
}

/**
 * Where burn-rate windows end: at the newest minute CloudWatch has published, taken as
 * `now − publishingLag` on the minute, or at the end of the newest datapoint seen when
 * that is later. Never in the current minute, which is still filling and would read as
 * a dip in traffic.
 *
 * @public
 */
export function publishedDataEnd(input: PublishedDataInput): number {
  const byClock = floorToMinute(input.now - input.publishingLagMs);
  const current = floorToMinute(input.now);
  return Math.min(current, Math.max(byClock, input.newestDataEnd ?? byClock));
}

/**
 * The data's lag when it is later than the publishing lag allows: the windows then end
 * at `now − publishingLag` past the newest datapoint, so their newest minutes are empty.
 * Null while the data is on time, and without any datapoint (no traffic looks the same).
 *
 * @public
 */
export function measureDataLag(input: PublishedDataInput): DataLag | null {
  const { now, newestDataEnd } = input;
  if (
    newestDataEnd === null ||
    newestDataEnd >= floorToMinute(now - input.publishingLagMs)
  ) {
    return null;
  }
  return {
    minutes: Math.floor((now - newestDataEnd) / MINUTE_MS),
    newestData: new Date(newestDataEnd).toISOString(),
  };
}

/**
 * An entity's lag: its most lagging function's, null when every function is on time.
 *
 * @public
 */
export function mostLagging(
  lags: ReadonlyArray<DataLag | null>,
): DataLag | null {
  return lags.reduce<DataLag | null>(
    (worst, lag) =>
      lag && (!worst || lag.minutes > worst.minutes) ? lag : worst,
    null,
  );
}
