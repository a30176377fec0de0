import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  availabilityEvents,
  computeAttainment,
  computeRequestErrorBudget,
  computeSloStatus,
  LambdaFunctionRef,
  LambdaOpsEntitySettings,
  Slo,
} from '@lambda-ops/backstage-plugin-common';
import {
  lambdaDimensions,
  MetricSeries,
  MetricsService,
  metricsServiceRef,
} from './MetricsService';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Hourly sums keep a 90-day window under CloudWatch's 100,800 datapoints per call. */
const SUM_PERIOD_SECONDS = 3600;

function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(4))}%`;
}

function total(series: MetricSeries | undefined): number {
  return series?.values.reduce((sum, value) => sum + value, 0) ?? 0;
}

/**
 * Computes a function's SLOs from raw CloudWatch statistics with the pure math of
 * lambda-ops-common; one GetMetricData call per function.
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
    // Whole minutes only: the newest, still-filling minute would read as a traffic dip.
    const end = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
    const start = new Date(end.getTime() - settings.windowDays * DAY_MS);
    const dimensions = lambdaDimensions(fn);
    const sum = (id: string, metricName: string) => ({
      id,
      namespace: 'AWS/Lambda',
      metricName,
      dimensions,
      stat: 'Sum',
      periodSeconds: SUM_PERIOD_SECONDS,
    });
    const series = await this.#metrics.fetch(
      fn,
      [
        sum('invocations', 'Invocations'),
        sum('errors', 'Errors'),
        sum('throttles', 'Throttles'),
      ],
      { start, end },
    );

    const events = availabilityEvents({
      invocations: total(series.get('invocations')),
      errors: total(series.get('errors')),
      throttles: total(series.get('throttles')),
    });
    const target = settings.availabilityTarget;
    const errorBudget = computeRequestErrorBudget(events, target);
    const burnRates: Slo['burnRates'] = [];
    return [
      {
        id: `${fn.name}:availability`,
        source: 'cloudwatch',
        objective: 'availability',
        description: `${formatPercent(target)} of requests succeed over ${
          settings.windowDays
        } days`,
        target,
        window: `${settings.windowDays}d`,
        evaluation: 'request',
        attainment: computeAttainment(events),
        errorBudget,
        burnRates,
        status: computeSloStatus(errorBudget, burnRates),
      },
    ];
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
