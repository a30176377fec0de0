import {
  CalendarMonth,
  denseValues,
  evaluatePatternSlos,
  LambdaFunctionRef,
  LambdaOpsEntitySettings,
  Slo,
  SloDatapoints,
} from '@lambda-ops/backstage-plugin-common';
import type { AwsClientFactory, AwsLocation } from '../AwsClientFactory';
import { describeAwsFailure } from '../awsErrors';
import {
  fetchBatchedEach,
  KeyedMetricQueries,
  MAX_DATAPOINTS_PER_GET_METRIC_DATA,
  MAX_QUERIES_PER_GET_METRIC_DATA,
} from '../metricBatching';
import { retainedPeriodSeconds } from '../slo/sloFetchPlan';
import { sloQueries } from '../slo/sloQueries';

/** A function of an entity to evaluate over a month. */
export interface MonthlyFunction {
  fn: LambdaFunctionRef;
  settings: LambdaOpsEntitySettings;
}

/** A function's SLOs over the month, or why its month could not be read. */
export type MonthlySlos = { slos: Slo[] } | { failure: string };

function locationKey(location: AwsLocation): string {
  return `${location.accountId ?? 'default'}/${location.region}`;
}

/**
 * The SLO period of a month: 5 minutes as the Operations tab uses, hourly once CloudWatch
 * keeps no finer data for the month's start (older than 63 days).
 */
export function monthPeriodSeconds(month: CalendarMonth, now: Date): number {
  return Math.max(300, retainedPeriodSeconds(now.getTime() - month.start));
}

/**
 * The SLOs of functions evaluated over exactly one calendar month with the Operations
 * tab's math: one GetMetricData read per location over the month's span, as many
 * functions' queries per call as its 100,800 datapoints allow (a 31-day month of 5-minute
 * periods: 11 queries a call; hourly: 135). Each answer is laid onto the month's periods
 * as soon as its call is in: a batch's answers as GetMetricData gives them (a timestamp
 * per datapoint) held until its last call would take several times the memory. A
 * location that cannot be read fails the functions that read it alone: the others'
 * months are still worked out.
 */
export async function evaluateMonth(
  functions: readonly MonthlyFunction[],
  month: CalendarMonth,
  deps: { clients: AwsClientFactory; now: Date; minEvents: number },
): Promise<MonthlySlos[]> {
  const periodSeconds = monthPeriodSeconds(month, deps.now);
  const periods = Math.ceil((month.end - month.start) / (periodSeconds * 1000));
  const byLocation = new Map<
    string,
    { location: AwsLocation; requests: KeyedMetricQueries[] }
  >();
  functions.forEach(({ fn, settings }, index) => {
    for (const query of sloQueries(fn, settings, periodSeconds)) {
      const location = query.location ?? fn;
      const key = locationKey(location);
      let group = byLocation.get(key);
      if (!group) {
        group = { location, requests: [] };
        byLocation.set(key, group);
      }
      let request = group.requests.find(r => r.key === String(index));
      if (!request) {
        request = { key: String(index), queries: [] };
        group.requests.push(request);
      }
      request.queries.push(query);
    }
  });
  const data = functions.map(() => ({} as SloDatapoints));
  const perCall = Math.max(
    1,
    Math.min(
      MAX_QUERIES_PER_GET_METRIC_DATA,
      Math.floor(MAX_DATAPOINTS_PER_GET_METRIC_DATA / periods),
    ),
  );
  const grid = { start: month.start, periodSeconds, periods };
  const failures = new Map<number, string>();
  for (const { location, requests } of byLocation.values()) {
    try {
      await fetchBatchedEach(
        await deps.clients.cloudWatch(location),
        requests,
        { start: new Date(month.start), end: new Date(month.end) },
        perCall,
        ({ key, id }, answer) => {
          data[Number(key)][id as keyof SloDatapoints] = {
            start: month.start,
            periodSeconds,
            values: denseValues(grid, answer),
          };
        },
      );
    } catch (error) {
      const { message } = describeAwsFailure(error, {
        service: 'CloudWatch',
        region: location.region,
      });
      const failure = location.accountId
        ? `account ${location.accountId}: ${message}`
        : message;
      for (const request of requests) {
        failures.set(Number(request.key), failure);
      }
    }
  }
  return functions.map(({ fn, settings }, index) => {
    const failure = failures.get(index);
    if (failure !== undefined) {
      return { failure };
    }
    return {
      slos: evaluatePatternSlos(
        fn,
        settings,
        {
          coarse: grid,
          end: month.end,
          days: (month.end - month.start) / 86_400_000,
          minEvents: deps.minEvents,
          withBurnDown: false,
        },
        { coarse: data[index], recent: {} },
      ),
    };
  });
}
