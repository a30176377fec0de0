import {
  CloudWatchClient,
  MetricDataQuery,
  MetricDataResult,
  paginateGetMetricData,
} from '@aws-sdk/client-cloudwatch';
import { withAwsFailure } from './awsErrors';
import type { MetricQuery, MetricSeries, TimeSpan } from './MetricsService';
import { chunk } from './chunk';

/** GetMetricData takes at most 500 `MetricDataQueries` per call (AWS limit). */
export const MAX_QUERIES_PER_GET_METRIC_DATA = 500;

/** GetMetricData returns at most 100,800 datapoints per call before it pages (AWS limit). */
export const MAX_DATAPOINTS_PER_GET_METRIC_DATA = 100_800;

/**
 * GetMetricData's default quota is 50 transactions per second per account and region,
 * shared with everything else there; a few calls at a time keep a fleet refresh well under it.
 */
export const MAX_CONCURRENT_CALLS = 4;

/** The queries of one subject (e.g. a function); ids are unique within the subject. */
export interface KeyedMetricQueries {
  key: string;
  queries: MetricQuery[];
}

/** The subject and id a renamed query was given under. */
export interface MetricQueryOrigin {
  key: string;
  id: string;
}

/** The queries of one GetMetricData call, renamed to ids unique in the call. */
export interface PackedMetricCall {
  queries: MetricQuery[];
  /** Renamed id → where the query came from. */
  origins: Map<string, MetricQueryOrigin>;
}

/**
 * Packs many subjects' queries into as few GetMetricData calls as fit, first fit in request
 * order. A subject's queries stay in one call, so its numbers come from one read; only a
 * subject with more queries than a call holds is cut. Queries are renamed `q<n>_<id>`,
 * which keeps CloudWatch's `^[a-z][a-zA-Z0-9_]*$` and makes ids unique across subjects.
 */
export function packMetricQueries(
  requests: KeyedMetricQueries[],
  maxQueriesPerCall: number = MAX_QUERIES_PER_GET_METRIC_DATA,
): PackedMetricCall[] {
  const calls: PackedMetricCall[] = [];
  let renamedCount = 0;
  for (const { key, queries } of requests) {
    if (queries.length === 0) {
      continue;
    }
    const firstNumber = renamedCount;
    renamedCount += queries.length;
    const renamed = queries.map((query, i) => ({
      query: { ...query, id: `q${firstNumber + i}_${query.id}` },
      origin: { key, id: query.id },
    }));
    const pieces =
      renamed.length > maxQueriesPerCall
        ? chunk(renamed, maxQueriesPerCall)
        : [renamed];
    for (const piece of pieces) {
      let call = calls.find(
        candidate =>
          candidate.queries.length + piece.length <= maxQueriesPerCall,
      );
      if (!call) {
        call = { queries: [], origins: new Map() };
        calls.push(call);
      }
      for (const { query, origin } of piece) {
        call.queries.push(query);
        call.origins.set(query.id, origin);
      }
    }
  }
  return calls;
}

/**
 * Fetches every subject's queries over `span` in as few GetMetricData calls as
 * {@link packMetricQueries} makes, following NextToken pages, and answers by subject key
 * and original query id. AWS failures are thrown as the SDK gives them.
 *
 * @param maxQueriesPerCall - fewer than 500 when the span is long, so that a call's
 *   datapoints fit in one page
 */
export async function fetchBatched(
  client: CloudWatchClient,
  requests: KeyedMetricQueries[],
  span: TimeSpan,
  maxQueriesPerCall: number = MAX_QUERIES_PER_GET_METRIC_DATA,
): Promise<Map<string, Map<string, MetricSeries>>> {
  const bySubject = new Map(
    requests.map(({ key }) => [key, new Map<string, MetricSeries>()]),
  );
  await fetchBatchedEach(
    client,
    requests,
    span,
    maxQueriesPerCall,
    (origin, series) => bySubject.get(origin.key)?.set(origin.id, series),
  );
  return bySubject;
}

/**
 * As {@link fetchBatched}, but hands each query's series to `onSeries` as soon as its call
 * is answered: a caller that keeps them in a compact form of its own then holds no more
 * raw answers than the calls in flight (a long read's call holds 100,800 datapoints).
 */
export async function fetchBatchedEach(
  client: CloudWatchClient,
  requests: KeyedMetricQueries[],
  span: TimeSpan,
  maxQueriesPerCall: number,
  onSeries: (origin: MetricQueryOrigin, series: MetricSeries) => void,
): Promise<void> {
  const calls = packMetricQueries(requests, maxQueriesPerCall);
  let nextCall = 0;
  const worker = async () => {
    while (nextCall < calls.length) {
      const call = calls[nextCall++];
      const series = await getMetricData(client, call.queries, span);
      for (const [id, origin] of call.origins) {
        onSeries(origin, series.get(id)!);
      }
    }
  };
  await Promise.all(
    Array.from(
      { length: Math.min(MAX_CONCURRENT_CALLS, calls.length) },
      worker,
    ),
  );
}

/** One GetMetricData call of at most 500 queries, all of its pages. */
async function getMetricData(
  client: CloudWatchClient,
  queries: MetricQuery[],
  span: TimeSpan,
): Promise<Map<string, MetricSeries>> {
  const series = new Map<string, MetricSeries>(
    queries.map(query => [query.id, { timestamps: [], values: [] }]),
  );
  const pages = paginateGetMetricData(
    { client },
    {
      StartTime: span.start,
      EndTime: span.end,
      MetricDataQueries: queries.map(toMetricDataQuery),
      // Oldest first, the order of MetricSeries; a query cut by a page goes on in the next.
      ScanBy: 'TimestampAscending',
    },
  );
  const statuses = new Map<string, MetricDataResult>();
  for await (const page of pages) {
    for (const result of page.MetricDataResults ?? []) {
      statuses.set(result.Id ?? '', result);
      const target = series.get(result.Id ?? '');
      if (!target) {
        continue;
      }
      const timestamps = (result.Timestamps ?? []).map(timestamp =>
        timestamp.getTime(),
      );
      const values = result.Values ?? [];
      if (target.timestamps.length === 0) {
        // The first page of a query, as most are: its arrays as they are, not copied.
        target.timestamps = timestamps;
        target.values = values;
      } else {
        // A loop, not push(...): a page holds up to 100,800 datapoints, too many arguments.
        timestamps.forEach((timestamp, i) => {
          target.timestamps.push(timestamp);
          target.values.push(values[i]);
        });
      }
    }
  }
  // After the last page a result still PartialData, Forbidden or InternalError holds only
  // part of its datapoints, or none: figures from it would be wrong, not merely late.
  const incomplete = queries.filter(
    query => (statuses.get(query.id)?.StatusCode ?? 'Complete') !== 'Complete',
  );
  if (incomplete.length > 0) {
    throw incompleteMetricData(incomplete, statuses);
  }
  return series;
}

/** Incomplete metrics named in one message; a fleet's worth would drown the reason. */
const MAX_DESCRIBED = 5;

function incompleteMetricData(
  incomplete: MetricQuery[],
  statuses: Map<string, MetricDataResult>,
): Error {
  const described = [
    ...new Set(
      incomplete.map(query => {
        const { StatusCode, Messages = [] } = statuses.get(query.id)!;
        const said = Messages.map(m => m.Value ?? m.Code).join(' ');
        return `${query.namespace} ${query.metricName} ${StatusCode}${
          said ? ` (${said})` : ''
        }`;
      }),
    ),
  ];
  const shown = described.slice(0, MAX_DESCRIBED);
  if (described.length > shown.length) {
    shown.push(`${described.length - shown.length} more`);
  }
  const forbidden = incomplete.some(
    query => statuses.get(query.id)?.StatusCode === 'Forbidden',
  );
  return withAwsFailure(
    new Error(
      `CloudWatch answered GetMetricData only in part: ${shown.join(
        '; ',
      )}. The figures are left out rather than computed from part of the data${
        forbidden
          ? '; check that the role of the aws: configuration may read these metrics (cloudwatch:GetMetricData)'
          : ''
      }`,
    ),
    {
      cause: forbidden ? 'access-denied' : 'incomplete-data',
      service: 'CloudWatch',
    },
  );
}

function toMetricDataQuery(query: MetricQuery): MetricDataQuery {
  return {
    Id: query.id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: query.namespace,
        MetricName: query.metricName,
        Dimensions: Object.entries(query.dimensions).map(([Name, Value]) => ({
          Name,
          Value,
        })),
      },
      Period: query.periodSeconds,
      Stat: query.stat,
    },
  };
}
