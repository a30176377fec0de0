import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  LambdaFunctionRef,
  LambdaOpsEntitySettings,
  Slo,
} from '@lambda-ops/backstage-plugin-common';
import { MetricsService, metricsServiceRef } from './MetricsService';
import {
  evaluatePatternSlos,
  SloDatapoints,
  SloWindow,
} from './slo/evaluatePatternSlos';
import { LocatedQuery, sloQueries } from './slo/sloQueries';

const MINUTE_MS = 60_000;
const DAY_SECONDS = 86_400;
/**
 * CloudWatch keeps 5-minute datapoints for 63 days and hourly ones for 455; longer
 * windows fall back to hourly periods.
 */
const FIVE_MINUTE_RETENTION_DAYS = 63;

/** The window ending at the last whole minute before `now`, cut into periods. */
export function sloWindow(now: Date, days: number): SloWindow {
  // The newest, still-filling minute would read as a dip in traffic.
  const end = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const periodSeconds = days <= FIVE_MINUTE_RETENTION_DAYS ? 300 : 3600;
  return {
    start: end - days * DAY_SECONDS * 1000,
    end,
    days,
    periodSeconds,
    periods: (days * DAY_SECONDS) / periodSeconds,
  };
}

/**
 * Computes a function's SLOs for its pattern from raw CloudWatch statistics: every SLI of
 * the function in one GetMetricData call (a second one only for a queue in another
 * account or region), the arithmetic in lambda-ops-common.
 *
 * @public
 */
export class SloService {
  readonly #metrics: MetricsService;

  constructor(options: { metrics: MetricsService }) {
    this.#metrics = options.metrics;
  }

  async computeSlos(
    fn: LambdaFunctionRef,
    settings: LambdaOpsEntitySettings,
    now: Date,
  ): Promise<Slo[]> {
    const window = sloWindow(now, settings.windowDays);
    const queries = sloQueries(fn, settings, window.periodSeconds);
    const span = { start: new Date(window.start), end: new Date(window.end) };

    const byLocation = new Map<string, LocatedQuery[]>();
    for (const query of queries) {
      const location = query.location ?? fn;
      const key = `${location.accountId}/${location.region}`;
      byLocation.set(key, [...(byLocation.get(key) ?? []), query]);
    }
    const data: SloDatapoints = {};
    await Promise.all(
      [...byLocation.values()].map(async group => {
        const series = await this.#metrics.fetch(
          group[0].location ?? fn,
          group,
          span,
        );
        for (const query of group) {
          data[query.id] = series.get(query.id);
        }
      }),
    );
    return evaluatePatternSlos(fn, settings, window, data);
  }
}

/** @public */
export const sloServiceRef = createServiceRef<SloService>({
  id: 'lambda-ops.slos',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { metrics: metricsServiceRef },
      factory: ({ metrics }) => new SloService({ metrics }),
    }),
});
