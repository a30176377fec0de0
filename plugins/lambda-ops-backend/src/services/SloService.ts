import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  DataLag,
  evaluatePatternSlos,
  Problem,
  sliCheckProblems,
  LambdaFunctionRef,
  LambdaOpsEntitySettings,
  measureDataLag,
  minuteResolutionSeconds,
  newestMinuteEnd,
  PeriodGrid,
  publishedDataEnd,
  Slo,
  SloDatapoints,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../config';
import { MetricsService, metricsServiceRef } from './MetricsService';
import { sloFetchPlan } from './slo/sloFetchPlan';
import {
  hasRecentSloQueries,
  LocatedQuery,
  recentSloQueries,
  sloQueries,
} from './slo/sloQueries';

/** A function's SLOs, and how late the data behind them is when later than usual. @public */
export interface FunctionSlos {
  slos: Slo[];
  dataLag: DataLag | null;
  /** What the SLI checks found: a metric that never came, a budget that never burned. */
  problems: Problem[];
}

/**
 * Computes a function's SLOs for its pattern from raw CloudWatch statistics: the whole
 * window in coarse periods in one GetMetricData call and the newest hours in 1-minute
 * periods in another (see `sloFetchPlan`; one more pair only for a queue in another account
 * or region), with the windows ending at the newest published minute and the arithmetic in
 * lambda-ops-common.
 *
 * @public
 */
export class SloService {
  readonly #metrics: MetricsService;
  readonly #publishingLagMs: number;
  readonly #minEvents: number;

  constructor(options: {
    metrics: MetricsService;
    publishingLagMs: number;
    /** Fewest requests a burn-rate row's long window needs to fire. */
    minEvents: number;
  }) {
    this.#metrics = options.metrics;
    this.#publishingLagMs = options.publishingLagMs;
    this.#minEvents = options.minEvents;
  }

  async computeSlos(
    fn: LambdaFunctionRef,
    settings: LambdaOpsEntitySettings,
    now: Date,
  ): Promise<FunctionSlos> {
    const plan = sloFetchPlan({
      now,
      windowDays: settings.windowDays,
      publishingLagMs: this.#publishingLagMs,
      minuteWindowSeconds: hasRecentSloQueries(settings.pattern)
        ? minuteResolutionSeconds()
        : 0,
    });
    const queries = sloQueries(fn, settings, plan.coarse.periodSeconds);
    const [coarse, recent] = await settleAll([
      this.#fetch(fn, queries, plan.coarse, plan.clockEnd),
      plan.recent
        ? this.#fetch(
            fn,
            recentSloQueries(queries, settings.pattern),
            plan.recent,
            plan.clockEnd,
          )
        : Promise.resolve({}),
    ]);
    const freshness = {
      now: now.getTime(),
      publishingLagMs: this.#publishingLagMs,
      newestDataEnd: newestMinuteEnd(Object.values(recent)),
    };
    const slos = evaluatePatternSlos(
      fn,
      settings,
      {
        coarse: plan.coarse,
        recent: plan.recent,
        end: publishedDataEnd(freshness),
        days: settings.windowDays,
        minEvents: this.#minEvents,
      },
      { coarse, recent },
    );
    return {
      slos,
      dataLag: measureDataLag(freshness),
      problems: sliCheckProblems(fn, settings, slos, coarse),
    };
  }

  /** The queries over `grid` up to `end`, one GetMetricData call per location. */
  async #fetch(
    fn: LambdaFunctionRef,
    queries: LocatedQuery[],
    grid: PeriodGrid,
    end: number,
  ): Promise<SloDatapoints> {
    const span = { start: new Date(grid.start), end: new Date(end) };
    const byLocation = new Map<string, LocatedQuery[]>();
    for (const query of queries) {
      const location = query.location ?? fn;
      const key = `${location.accountId}/${location.region}`;
      byLocation.set(key, [...(byLocation.get(key) ?? []), query]);
    }
    const data: SloDatapoints = {};
    await settleAll(
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
    return data;
  }
}

/**
 * Like `Promise.all`, but waits for every call to end before failing with the first
 * error, so that no retry of a call outlives the page it was for.
 */
async function settleAll<T extends readonly unknown[]>(
  promises: [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected',
  );
  if (failed) {
    throw failed.reason;
  }
  return results.map(
    result => (result as PromiseFulfilledResult<unknown>).value,
  ) as unknown as T;
}

/** @public */
export const sloServiceRef = createServiceRef<SloService>({
  id: 'lambda-ops.slos',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { metrics: metricsServiceRef, config: coreServices.rootConfig },
      factory: ({ metrics, config }) => {
        const { publishingLagMs, minEvents } = readLambdaOpsConfig(config);
        return new SloService({ metrics, publishingLagMs, minEvents });
      },
    }),
});
