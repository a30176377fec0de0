import { AwsError } from '../awsError';
import {
  decodeNextToken,
  encodeNextToken,
  epochSecondsMember,
} from '../awsJson';
import { MINUTE_MS, scenarioOrigin } from '../clock';
import {
  JsonObject,
  numberMember,
  objectListMember,
  objectMember,
  stringMember,
} from '../requestMembers';
import { SCENARIO_DATA_MINUTES } from '../scenarios/account';
import { MetricCatalog, ScenarioMetric } from '../scenarios/metrics';
import {
  MinuteSpan,
  parseStatistic,
  spansWithData,
  Statistic,
  statisticsOverSpans,
} from '../timeseries/statistics';
import { MetricDataStatus } from '../knobs';
import { CloudWatchContext } from './context';

/** CloudWatch's limits for one GetMetricData call. */
export const GET_METRIC_DATA_LIMITS = {
  /** "You can include up to 500 MetricDataQuery structures in one GetMetricData call." */
  maxQueries: 500,
  /** Datapoints returned per call before paginating (the default and largest MaxDatapoints). */
  maxDatapoints: 100_800,
} as const;

const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * CloudWatch's retention, by the age of StartTime: 1-minute datapoints are kept 15 days,
 * 5-minute ones 63 days, hourly ones 455 days. Past those ages StartTime is rounded down to
 * the coarser clock interval, and "you must specify the period as follows or no data
 * points in that time range is returned" (GetMetricData reference, StartTime and Period).
 */
const RETENTION = [
  { olderThanMs: 63 * DAY_MS, resolutionMs: 60 * MINUTE_MS },
  { olderThanMs: 15 * DAY_MS, resolutionMs: 5 * MINUTE_MS },
  { olderThanMs: 0, resolutionMs: MINUTE_MS },
] as const;

/** The finest datapoints CloudWatch still has for a StartTime that old. */
function retainedResolutionMs(startAgeMs: number): number {
  return RETENTION.find(r => startAgeMs >= r.olderThanMs)!.resolutionMs;
}

/** "The first character must be a lowercase letter", then letters, digits and underscores. */
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

interface ParsedQuery {
  id: string;
  label: string;
  returnData: boolean;
  metric: ScenarioMetric | undefined;
  statistic: Statistic;
  periodMs: number;
}

/** The buckets of one period that can hold scenario data, newest first. */
interface Buckets {
  starts: number[];
  spans: MinuteSpan[];
}

/** A query to answer: its buckets and how many of them hold data (its datapoints). */
interface PlannedQuery {
  query: ParsedQuery;
  buckets: Buckets;
  datapoints: number;
}

/**
 * Where the next page starts, and the origin and publishing horizon the first page used (so
 * pages stay consistent while the clock moves).
 */
interface PageToken {
  offset: number;
  origin: number;
  /** End of the newest published minute: minutes after it are not visible yet. */
  published: number;
}

export function getMetricData(input: JsonObject, context: CloudWatchContext) {
  const rawQueries = objectListMember(input, 'MetricDataQueries');
  if (!rawQueries) {
    throw new AwsError(
      'MissingRequiredParameterException',
      'The parameter MetricDataQueries is required.',
    );
  }
  context.stats.recordMetricDataQueries(rawQueries.length, context.location);
  if (
    rawQueries.length === 0 ||
    rawQueries.length > GET_METRIC_DATA_LIMITS.maxQueries
  ) {
    throw new AwsError(
      'ValidationException',
      `The collection MetricDataQueries must contain between 1 and ${GET_METRIC_DATA_LIMITS.maxQueries} items; it has ${rawQueries.length}.`,
    );
  }
  const { start, end } = timeRange(input);
  const scanAscending = scanOrder(input) === 'TimestampAscending';
  const { metricDataStatus, metricDataPageSize } = context.metricDataFaults();
  const pageSize = Math.min(
    maxDatapoints(input),
    metricDataPageSize ?? Number.POSITIVE_INFINITY,
  );
  const nextToken = stringMember(input, 'NextToken');
  const page = nextToken ? decodePageToken(nextToken) : firstPage(context);

  const catalog = context.account.metricsAt(page.origin);
  const queries = parseQueries(rawQueries, catalog, context.account.accountId);
  const bucketsByPeriod = new Map<number, Buckets>();
  const planned = queries
    .filter(query => query.returnData)
    .map(query => {
      let buckets = bucketsByPeriod.get(query.periodMs);
      if (!buckets) {
        buckets = bucketsOf(query.periodMs, start, end, page);
        bucketsByPeriod.set(query.periodMs, buckets);
      }
      const datapoints = query.metric
        ? spansWithData(query.metric.series, buckets.spans, query.statistic)
        : 0;
      return { query, buckets, datapoints };
    });
  const output = withStatus(
    paginate(planned, page, pageSize, scanAscending),
    metricDataStatus,
  );
  context.stats.recordMetricDataDatapoints(
    output.MetricDataResults.reduce(
      (total, result) => total + result.Values.length,
      0,
    ),
    context.location,
  );
  return output;
}

function firstPage(context: CloudWatchContext): PageToken {
  const now = context.clock.now().getTime();
  return {
    offset: 0,
    origin: scenarioOrigin(new Date(now)),
    published: scenarioOrigin(new Date(now - context.publishingLagMs())),
  };
}

function timeRange(input: JsonObject): { start: number; end: number } {
  const start = epochSecondsMember(input.StartTime, 'StartTime');
  const end = epochSecondsMember(input.EndTime, 'EndTime');
  if (!start || !end) {
    throw new AwsError(
      'MissingRequiredParameterException',
      'The parameters StartTime and EndTime are required.',
    );
  }
  if (start.getTime() >= end.getTime()) {
    throw new AwsError(
      'InvalidParameterValueException',
      'The parameter StartTime must be less than the parameter EndTime.',
    );
  }
  return { start: start.getTime(), end: end.getTime() };
}

function scanOrder(
  input: JsonObject,
): 'TimestampAscending' | 'TimestampDescending' {
  const scanBy = stringMember(input, 'ScanBy') ?? 'TimestampDescending';
  if (scanBy !== 'TimestampAscending' && scanBy !== 'TimestampDescending') {
    throw new AwsError(
      'ValidationException',
      `ScanBy must be TimestampAscending or TimestampDescending, got '${scanBy}'.`,
    );
  }
  return scanBy;
}

function maxDatapoints(input: JsonObject): number {
  const requested = numberMember(input, 'MaxDatapoints');
  if (requested === undefined) {
    return GET_METRIC_DATA_LIMITS.maxDatapoints;
  }
  if (!Number.isInteger(requested) || requested < 1) {
    throw new AwsError(
      'InvalidParameterValueException',
      'The parameter MaxDatapoints must be a positive integer.',
    );
  }
  return Math.min(requested, GET_METRIC_DATA_LIMITS.maxDatapoints);
}

function decodePageToken(token: string): PageToken {
  const state = decodeNextToken(token);
  const offset = state?.offset;
  const origin = state?.origin;
  const published = state?.published;
  if (
    typeof offset !== 'number' ||
    typeof origin !== 'number' ||
    typeof published !== 'number' ||
    !Number.isInteger(offset) ||
    offset < 0 ||
    origin % MINUTE_MS !== 0 ||
    published % MINUTE_MS !== 0 ||
    published > origin
  ) {
    throw new AwsError('InvalidNextToken', 'The NextToken is not valid.');
  }
  return { offset, origin, published };
}

function parseQueries(
  rawQueries: JsonObject[],
  catalog: MetricCatalog,
  callerAccountId: string,
): ParsedQuery[] {
  const seenIds = new Set<string>();
  return rawQueries.map((raw, index) => {
    const where = `MetricDataQueries.member.${index + 1}`;
    const id = stringMember(raw, 'Id');
    if (id === undefined || !QUERY_ID.test(id)) {
      throw new AwsError(
        'ValidationException',
        `The value '${
          id ?? ''
        }' for ${where}.Id is not valid: an Id starts with a lowercase letter and contains only letters, digits and underscores.`,
      );
    }
    if (seenIds.has(id)) {
      throw new AwsError(
        'ValidationException',
        `The Id '${id}' is used by more than one MetricDataQuery; Ids must be unique.`,
      );
    }
    seenIds.add(id);
    const metricStat = objectMember(raw, 'MetricStat');
    const expression = stringMember(raw, 'Expression');
    if (expression !== undefined) {
      // The backend asks for raw metrics only; metric math is not emulated.
      throw new AwsError(
        'ValidationException',
        `${where} (Id '${id}') uses a metric math Expression, which is not supported by the emulator.`,
      );
    }
    if (!metricStat) {
      throw new AwsError(
        'ValidationException',
        `${where} (Id '${id}') must have a MetricStat or an Expression.`,
      );
    }
    return {
      id,
      returnData: raw.ReturnData !== false,
      ...parseMetricStat(
        metricStat,
        stringMember(raw, 'Label'),
        stringMember(raw, 'AccountId'),
        where,
        catalog,
        callerAccountId,
      ),
    };
  });
}

function parseMetricStat(
  metricStat: JsonObject,
  label: string | undefined,
  accountId: string | undefined,
  where: string,
  catalog: MetricCatalog,
  callerAccountId: string,
) {
  const metric = objectMember(metricStat, 'Metric') ?? {};
  const namespace = stringMember(metric, 'Namespace');
  const metricName = stringMember(metric, 'MetricName');
  if (!namespace || !metricName) {
    throw new AwsError(
      'MissingRequiredParameterException',
      `${where}.MetricStat.Metric needs a Namespace and a MetricName.`,
    );
  }
  const period = numberMember(metricStat, 'Period');
  // Lambda and SQS publish standard-resolution metrics: periods are whole minutes.
  if (
    period === undefined ||
    !Number.isInteger(period) ||
    period < 60 ||
    period % 60 !== 0
  ) {
    throw new AwsError(
      'InvalidParameterValueException',
      `${where}.MetricStat.Period must be a multiple of 60 seconds, got ${period}.`,
    );
  }
  const stat = stringMember(metricStat, 'Stat') ?? '';
  const statistic = parseStatistic(stat);
  if (!statistic) {
    throw new AwsError(
      'ValidationException',
      `${where}.MetricStat.Stat '${stat}' is not supported by the emulator.`,
    );
  }
  const dimensions = Object.fromEntries(
    (objectListMember(metric, 'Dimensions') ?? []).map(d => [
      stringMember(d, 'Name') ?? '',
      stringMember(d, 'Value') ?? '',
    ]),
  );
  const unit = stringMember(metricStat, 'Unit');
  const found = catalog.find(namespace, metricName, dimensions);
  // A metric of another account, or asked for in a unit it was not published in, has no data.
  const hasData =
    found &&
    (accountId === undefined || accountId === callerAccountId) &&
    (unit === undefined || unit === found.unit);
  return {
    label: label ?? metricName,
    metric: hasData ? found : undefined,
    statistic,
    periodMs: period * 1000,
  };
}

/**
/**
 * Buckets start at StartTime, rounded down as CloudWatch's retention rounds it, and step by
 * Period; a bucket aggregates the published minutes that start in it (and before EndTime).
 * Only buckets that can hold scenario data are kept: from the oldest minute to the newest
 * published one. A Period finer than CloudWatch keeps for that StartTime gets none. Newest
 * first, the order statisticsOverSpans walks a series in.
 */
function bucketsOf(
  periodMs: number,
  requestedStart: number,
  end: number,
  { origin, published }: PageToken,
): Buckets {
  const buckets: Buckets = { starts: [], spans: [] };
  const retainedMs = retainedResolutionMs(origin - requestedStart);
  if (periodMs % retainedMs !== 0) {
    return buckets;
  }
  const start = Math.floor(requestedStart / retainedMs) * retainedMs;
  const oldestDataMinuteStart = origin - SCENARIO_DATA_MINUTES * MINUTE_MS;
  const newestDataMinuteStart = published - MINUTE_MS;
  const newestVisibleMinute = (origin - published) / MINUTE_MS + 1;
  const lastBucket = Math.min(
    Math.ceil((end - start) / periodMs) - 1,
    Math.floor((newestDataMinuteStart - start) / periodMs),
  );
  const firstBucket = Math.max(
    0,
    Math.floor((oldestDataMinuteStart - start) / periodMs),
  );
  for (let bucket = lastBucket; bucket >= firstBucket; bucket--) {
    const bucketStart = start + bucket * periodMs;
    const bucketEnd = Math.min(bucketStart + periodMs, end);
    // Minute m starts at origin − m minutes; it is in the bucket when that is in [bucketStart, bucketEnd).
    const newest = Math.max(
      newestVisibleMinute,
      Math.floor((origin - bucketEnd) / MINUTE_MS) + 1,
    );
    const oldest = Math.floor((origin - bucketStart) / MINUTE_MS);
    if (oldest >= newest) {
      buckets.starts.push(bucketStart);
      buckets.spans.push({ newest, oldest });
    }
  }
  return buckets;
}

/** A query's datapoints, in the requested scan order; buckets without data are left out. */
function evaluate(
  { query, buckets }: PlannedQuery,
  ascending: boolean,
): { timestamps: number[]; values: number[] } {
  const timestamps: number[] = [];
  const values: number[] = [];
  if (query.metric) {
    statisticsOverSpans(
      query.metric.series,
      buckets.spans,
      query.statistic,
    ).forEach((value, i) => {
      if (value !== undefined) {
        timestamps.push(buckets.starts[i]);
        values.push(value);
      }
    });
  }
  if (ascending) {
    timestamps.reverse();
    values.reverse();
  }
  return { timestamps, values };
}

/** One page of GetMetricData's answer, as the wire carries it. */
interface MetricDataPage {
  MetricDataResults: {
    Id: string;
    Label: string;
    Timestamps: number[];
    Values: number[];
    StatusCode: 'Complete' | MetricDataStatus;
    Messages?: { Code: string; Value: string }[];
  }[];
  NextToken: string | undefined;
  Messages: never[];
}

/** Messages of the statuses the `metricDataStatus` knob injects, as CloudWatch words them. */
const STATUS_MESSAGES: Record<MetricDataStatus, string> = {
  PartialData:
    'Not all datapoints could be returned for this query (emulated by the metricDataStatus knob).',
  Forbidden:
    'You are not authorized to read this metric (emulated by the metricDataStatus knob).',
  InternalError:
    'An internal error occurred while evaluating this query (emulated by the metricDataStatus knob).',
};

/**
 * Gives the results that end on this page the injected status: `Forbidden` and
 * `InternalError` carry no datapoints, `PartialData` the first half of them.
 */
function withStatus(
  output: MetricDataPage,
  status: MetricDataStatus | null,
): MetricDataPage {
  if (status === null) {
    return output;
  }
  return {
    ...output,
    MetricDataResults: output.MetricDataResults.map(result => {
      if (result.StatusCode !== 'Complete') {
        return result;
      }
      const kept = status === 'PartialData' ? result.Values.length / 2 : 0;
      return {
        ...result,
        Timestamps: result.Timestamps.slice(0, Math.ceil(kept)),
        Values: result.Values.slice(0, Math.ceil(kept)),
        StatusCode: status,
        Messages: [{ Code: status, Value: STATUS_MESSAGES[status] }],
      };
    }),
  };
}

/**
 * Pages hold at most `pageSize` datapoints, taken query by query in request order. A query
 * whose datapoints go on in a later page has StatusCode PartialData on this one. Only the
 * queries on the page are evaluated, so paging through a large answer costs each page its
 * own share.
 */
function paginate(
  planned: PlannedQuery[],
  page: PageToken,
  pageSize: number,
  ascending: boolean,
): MetricDataPage {
  const pageEnd = page.offset + pageSize;
  const metricDataResults: MetricDataPage['MetricDataResults'] = [];
  let position = 0;
  for (const plannedQuery of planned) {
    const count = plannedQuery.datapoints;
    const from = Math.max(page.offset, position) - position;
    const to = Math.min(pageEnd, position + count) - position;
    const isOnPage = from < to || (count === 0 && page.offset === 0);
    if (isOnPage) {
      const { timestamps, values } = evaluate(plannedQuery, ascending);
      metricDataResults.push({
        Id: plannedQuery.query.id,
        Label: plannedQuery.query.label,
        // Epoch seconds, as the wire carries them: no Date for each of 100,800 datapoints.
        Timestamps: timestamps.slice(from, to).map(ms => ms / 1000),
        Values: values.slice(from, to),
        // A query without datapoints has nothing left for a later page.
        StatusCode:
          count > 0 && position + count > pageEnd ? 'PartialData' : 'Complete',
      });
    }
    position += count;
  }
  return {
    MetricDataResults: metricDataResults,
    NextToken:
      position > pageEnd
        ? encodeNextToken({ ...page, offset: pageEnd })
        : undefined,
    Messages: [],
  };
}
