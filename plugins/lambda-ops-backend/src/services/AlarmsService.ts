import {
  CloudWatchClient,
  CompositeAlarm,
  DescribeAlarmsForMetricCommand,
  Dimension,
  ListTagsForResourceCommand,
  MetricAlarm,
  MetricDataQuery,
  paginateDescribeAlarms,
} from '@aws-sdk/client-cloudwatch';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  Alarm,
  alarmDefects,
  AlarmKind,
  classifyAlarmSeverity,
  compareAlarms,
  DEFAULT_SEVERITY_TAG_KEY,
  extractRunbookUrl,
  lambdaFunctionDimensions,
  LambdaFunctionRef,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../config';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
} from './AwsClientFactory';
import { describeAwsFailure } from './awsErrors';

const LAMBDA_NAMESPACE = 'AWS/Lambda';

/**
 * The `AWS/Lambda` metrics whose alarms belong to a function (the key Lambda metrics of the
 * design). DescribeAlarmsForMetric needs the metric name, so each one is asked about.
 *
 * @public
 */
export const LAMBDA_ALARM_METRICS = [
  'Errors',
  'Throttles',
  'Duration',
  'Invocations',
  'ConcurrentExecutions',
  'AsyncEventAge',
  'AsyncEventsDropped',
  'IteratorAge',
  'DeadLetterErrors',
  'DestinationDeliveryFailures',
] as const;

/**
 * CloudWatch's control-plane calls (DescribeAlarms*, ListTagsForResource) have low
 * per-account quotas shared with everything else in the account (DescribeAlarms: 9 TPS);
 * a few calls at a time keep a fleet refresh from throttling its neighbours.
 */
const MAX_CONCURRENT_CALLS = 4;

/** DescribeAlarms returns at most 100 alarms a page (AWS limit; the default is 50). */
const DESCRIBE_ALARMS_PAGE_SIZE = 100;

/** Metric math and composite rules are shown up to this many characters. */
const MAX_RULE_LENGTH = 160;

type FoundAlarm =
  | { type: 'metric'; alarm: MetricAlarm }
  | { type: 'composite'; alarm: CompositeAlarm };

/**
 * Finds the CloudWatch alarms of a Lambda function and tells, for each, whether it is a
 * Page or a Ticket and where its runbook is.
 *
 * @public
 */
export class AlarmsService {
  readonly #clients: AwsClientFactory;
  readonly #severityTagKey: string;

  constructor(options: { clients: AwsClientFactory; severityTagKey?: string }) {
    this.#clients = options.clients;
    this.#severityTagKey = options.severityTagKey ?? DEFAULT_SEVERITY_TAG_KEY;
  }

  /**
   * The function's alarms, firing pages first, then firing tickets, then firing
   * unclassified alarms, then the rest by name. An alarm is the function's when it is:
   *
   * - a single-metric alarm on one of {@link LAMBDA_ALARM_METRICS} with the dimension
   *   `FunctionName=<fn>`, or with the qualifier also `FunctionName=<fn>, Resource=<fn>:<qualifier>`;
   * - a metric-math alarm one of whose metrics has the dimension `FunctionName=<fn>`;
   * - a composite alarm whose rule names (or gives the ARN of) an alarm found so far;
   * - an alarm whose name starts with `alarmPrefix`, when one is given.
   *
   * `runbookProblem` is always null here: it needs the entity's runbook, which the caller
   * reads (`runbookSectionProblem` in lambda-ops-common).
   *
   * @param fn - the function; its account and region say where to ask
   * @param options - `alarmPrefix`: the `lambda-ops/alarm-prefix` annotation, or null
   * @throws ServiceUnavailableError when CloudWatch cannot be read
   */
  async getAlarms(
    fn: LambdaFunctionRef,
    options: { alarmPrefix: string | null },
  ): Promise<Alarm[]> {
    try {
      const client = await this.#clients.cloudWatch(fn);
      const [byMetric, listed] = await Promise.all([
        describeAlarmsForFunction(client, fn),
        listAllAlarms(client),
      ]);
      const found = selectAlarms(fn, byMetric, listed, options.alarmPrefix);
      const tags = await mapWithLimit(
        found,
        MAX_CONCURRENT_CALLS,
        ({ alarm }) => listTags(client, alarm.AlarmArn!),
      );
      return found
        .map((entry, i) => this.#toAlarm(entry, tags[i]))
        .sort(compareAlarms);
    } catch (error) {
      throw describeAwsFailure(error, {
        service: 'CloudWatch',
        region: fn.region,
      });
    }
  }

  #toAlarm(
    found: FoundAlarm,
    tags: Array<{ key: string; value: string }>,
  ): Alarm {
    const { alarm } = found;
    const name = alarm.AlarmName!;
    const { severity, source } = classifyAlarmSeverity(
      { name, tags },
      { tagKey: this.#severityTagKey },
    );
    // StateTransitionedTimestamp is when StateValue last changed; StateUpdatedTimestamp
    // also moves when only the evaluation state does, so it is the fallback.
    const since =
      alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp;
    const watched: { kind: AlarmKind; metric: string | null } =
      found.type === 'metric'
        ? metricOf(found.alarm)
        : {
            kind: 'composite',
            metric: `composite: ${shorten(found.alarm.AlarmRule ?? '')}`,
          };
    const facts = {
      name,
      state: alarm.StateValue ?? 'INSUFFICIENT_DATA',
      severity,
      runbookUrl: extractRunbookUrl({
        description: alarm.AlarmDescription,
        tags,
      }),
      runbookProblem: null,
    };
    return {
      ...facts,
      arn: alarm.AlarmArn!,
      type: found.type,
      ...watched,
      stateSince: since ? since.toISOString() : null,
      severitySource: source,
      defects: alarmDefects(facts),
    };
  }
}

/**
 * The dimension sets a function's metrics are published under: by name, and with a
 * qualifier also by name and `Resource`.
 */
function functionDimensionSets(fn: LambdaFunctionRef): Dimension[][] {
  return fn.qualifier
    ? [
        lambdaFunctionDimensions({ ...fn, qualifier: null }),
        lambdaFunctionDimensions(fn),
      ]
    : [lambdaFunctionDimensions(fn)];
}

/**
 * Single-metric alarms on the function's metrics: one DescribeAlarmsForMetric per metric and
 * dimension set, since it matches the exact dimension set. Without `Statistic` it returns
 * the alarms of every statistic and percentile. It has no paging and leaves out metric math.
 */
async function describeAlarmsForFunction(
  client: CloudWatchClient,
  fn: LambdaFunctionRef,
): Promise<MetricAlarm[]> {
  const queries = LAMBDA_ALARM_METRICS.flatMap(metricName =>
    functionDimensionSets(fn).map(dimensions => ({ metricName, dimensions })),
  );
  const replies = await mapWithLimit(
    queries,
    MAX_CONCURRENT_CALLS,
    ({ metricName, dimensions }) =>
      client.send(
        new DescribeAlarmsForMetricCommand({
          Namespace: LAMBDA_NAMESPACE,
          MetricName: metricName,
          Dimensions: dimensions,
        }),
      ),
  );
  return replies.flatMap(reply => reply.MetricAlarms ?? []);
}

/**
 * Every alarm of the account and region, both types, in one paginated listing that serves
 * the metric-math, composite and prefix lookups alike.
 */
async function listAllAlarms(client: CloudWatchClient): Promise<FoundAlarm[]> {
  const alarms: FoundAlarm[] = [];
  const pages = paginateDescribeAlarms(
    { client, pageSize: DESCRIBE_ALARMS_PAGE_SIZE },
    {
      // Without AlarmTypes DescribeAlarms returns only metric alarms, never composites.
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
      MaxRecords: DESCRIBE_ALARMS_PAGE_SIZE,
    },
  );
  for await (const page of pages) {
    for (const alarm of page.MetricAlarms ?? []) {
      alarms.push({ type: 'metric', alarm });
    }
    for (const alarm of page.CompositeAlarms ?? []) {
      alarms.push({ type: 'composite', alarm });
    }
  }
  return alarms;
}

/** Whether a metric-math alarm reads one of the function's `AWS/Lambda` metrics. */
function readsFunctionMetric(
  alarm: MetricAlarm,
  functionName: string,
): boolean {
  return (alarm.Metrics ?? []).some(query => {
    const metric = query.MetricStat?.Metric;
    return (
      metric?.Namespace === LAMBDA_NAMESPACE &&
      (metric.Dimensions ?? []).some(
        d => d.Name === 'FunctionName' && d.Value === functionName,
      )
    );
  });
}

/**
 * The function's alarms among those found by metric and those listed, once each (by ARN),
 * in the order found.
 */
function selectAlarms(
  fn: LambdaFunctionRef,
  byMetric: MetricAlarm[],
  listed: FoundAlarm[],
  alarmPrefix: string | null,
): FoundAlarm[] {
  const found = new Map<string, FoundAlarm>();
  const add = (entry: FoundAlarm): boolean => {
    const arn = entry.alarm.AlarmArn;
    if (!arn || !entry.alarm.AlarmName || found.has(arn)) {
      return false;
    }
    found.set(arn, entry);
    return true;
  };
  byMetric.forEach(alarm => add({ type: 'metric', alarm }));
  for (const entry of listed) {
    if (
      (entry.type === 'metric' && readsFunctionMetric(entry.alarm, fn.name)) ||
      (alarmPrefix && entry.alarm.AlarmName?.startsWith(alarmPrefix))
    ) {
      add(entry);
    }
  }
  // Composites of composites: repeat until no composite joins.
  const composites = listed.filter(entry => entry.type === 'composite');
  for (let joined = true; joined; ) {
    joined = false;
    const known = new Set<string>();
    for (const { alarm } of found.values()) {
      known.add(alarm.AlarmArn!);
      known.add(alarm.AlarmName!);
    }
    for (const entry of composites) {
      const rule = (entry.alarm as CompositeAlarm).AlarmRule ?? '';
      if (
        !found.has(entry.alarm.AlarmArn ?? '') &&
        alarmRuleReferences(rule).some(ref => known.has(ref)) &&
        add(entry)
      ) {
        joined = true;
      }
    }
  }
  return [...found.values()];
}

/**
 * A state function of a composite rule and its argument: `ALARM("name")`, `OK(name)`,
 * `INSUFFICIENT_DATA("arn:aws:cloudwatch:…:alarm:name")`.
 */
const RULE_STATE_FUNCTION =
  /\b(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*(?:"((?:[^"\\]|\\.)*)"|([^()\s",]+))\s*\)/g;

/** Any quoted string of a rule, e.g. the children of `AT_LEAST(1, ALARM, ("a", "b"))`. */
const RULE_QUOTED = /"((?:[^"\\]|\\.)*)"/g;

/**
 * The alarm names and ARNs a composite alarm rule refers to, quoted or not.
 *
 * @param rule - the composite alarm's `AlarmRule`
 */
export function alarmRuleReferences(rule: string): string[] {
  const unescape = (quoted: string) => quoted.replace(/\\(.)/g, '$1');
  const refs = new Set<string>();
  for (const match of rule.matchAll(RULE_STATE_FUNCTION)) {
    refs.add(match[1] !== undefined ? unescape(match[1]) : match[2]);
  }
  for (const match of rule.matchAll(RULE_QUOTED)) {
    refs.add(unescape(match[1]));
  }
  return [...refs];
}

/** An alarm's tags; none when it was deleted since it was listed. */
async function listTags(
  client: CloudWatchClient,
  arn: string,
): Promise<Array<{ key: string; value: string }>> {
  try {
    const reply = await client.send(
      new ListTagsForResourceCommand({ ResourceARN: arn }),
    );
    return (reply.Tags ?? []).map(tag => ({
      key: tag.Key ?? '',
      value: tag.Value ?? '',
    }));
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') {
      return [];
    }
    throw error;
  }
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_RULE_LENGTH
    ? `${oneLine.slice(0, MAX_RULE_LENGTH - 1)}…`
    : oneLine;
}

/**
 * The metric a metric alarm watches: its name, or the metric-math expression whose value is
 * compared.
 */
function metricOf(alarm: MetricAlarm): {
  kind: AlarmKind;
  metric: string | null;
} {
  if (alarm.MetricName) {
    return { kind: 'metric', metric: alarm.MetricName };
  }
  const queries: MetricDataQuery[] = alarm.Metrics ?? [];
  // The alarm compares the one query that returns data (ReturnData defaults to true).
  const compared =
    queries.find(
      q => q.ReturnData !== false && (q.Expression || q.MetricStat),
    ) ?? queries.find(q => q.Expression);
  if (compared?.Expression) {
    return {
      kind: 'metric-math',
      metric: `metric math: ${shorten(compared.Expression)}`,
    };
  }
  return {
    kind: 'metric',
    metric: compared?.MetricStat?.Metric?.MetricName ?? null,
  };
}

/** Maps `items` with at most `limit` calls of `fn` in flight; results in input order. */
async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]);
      } catch (error) {
        next = items.length; // the answer is lost anyway: start no more calls
        throw error;
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/**
 * The alarms service. Replace it to find alarms some other way.
 *
 * @public
 */
export const alarmsServiceRef = createServiceRef<AlarmsService>({
  id: 'lambda-ops.alarms',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        clients: awsClientFactoryServiceRef,
        config: coreServices.rootConfig,
      },
      factory: ({ clients, config }) =>
        new AlarmsService({
          clients,
          severityTagKey: readLambdaOpsConfig(config).severityTagKey,
        }),
    }),
});
