import { AwsError } from '../awsError';
import { decodeNextToken, encodeNextToken } from '../awsJson';
import {
  booleanMember,
  JsonObject,
  numberMember,
  objectListMember,
  stringListMember,
  stringMember,
} from '../requestMembers';
import { CloudWatchContext } from './context';
import {
  CompositeAlarm,
  Dimension,
  MetricAlarm,
  MetricDataQuery,
  StateValue,
  StoredAlarm,
  Tag,
} from './types';

/** DescribeAlarms pages: "MaxRecords … default 50, maximum 100". */
export const DESCRIBE_ALARMS_LIMITS = {
  defaultMaxRecords: 50,
  maxMaxRecords: 100,
  maxAlarmNames: 100,
} as const;

const STATE_VALUES: readonly StateValue[] = [
  'OK',
  'ALARM',
  'INSUFFICIENT_DATA',
];
const ALARM_TYPES = ['MetricAlarm', 'CompositeAlarm', 'LogAlarm'];

export function describeAlarms(
  input: JsonObject,
  { account }: CloudWatchContext,
) {
  for (const unsupported of ['ChildrenOfAlarmName', 'ParentsOfAlarmName']) {
    if (input[unsupported] !== undefined) {
      throw new AwsError(
        'ValidationException',
        `${unsupported} is not supported by the emulator.`,
      );
    }
  }
  const names = stringListMember(input, 'AlarmNames');
  const prefix = stringMember(input, 'AlarmNamePrefix');
  if (names && prefix !== undefined) {
    throw new AwsError(
      'InvalidParameterCombinationException',
      'AlarmNames and AlarmNamePrefix cannot be used together.',
    );
  }
  if (names && names.length > DESCRIBE_ALARMS_LIMITS.maxAlarmNames) {
    throw new AwsError(
      'ValidationException',
      `AlarmNames may list at most ${DESCRIBE_ALARMS_LIMITS.maxAlarmNames} names.`,
    );
  }
  // AWS: "If you omit this parameter, only metric alarms are returned".
  const types = stringListMember(input, 'AlarmTypes') ?? ['MetricAlarm'];
  const badType = types.find(type => !ALARM_TYPES.includes(type));
  if (badType !== undefined) {
    throw new AwsError(
      'ValidationException',
      `AlarmTypes: '${badType}' is not one of ${ALARM_TYPES.join(', ')}.`,
    );
  }
  const state = stringMember(input, 'StateValue');
  if (state !== undefined && !STATE_VALUES.includes(state as StateValue)) {
    throw new AwsError(
      'ValidationException',
      `StateValue must be one of ${STATE_VALUES.join(', ')}.`,
    );
  }
  const actionPrefix = stringMember(input, 'ActionPrefix');
  const maxRecords =
    numberMember(input, 'MaxRecords') ??
    DESCRIBE_ALARMS_LIMITS.defaultMaxRecords;
  if (
    !Number.isInteger(maxRecords) ||
    maxRecords < 1 ||
    maxRecords > DESCRIBE_ALARMS_LIMITS.maxMaxRecords
  ) {
    throw new AwsError(
      'ValidationException',
      `MaxRecords must be between 1 and ${DESCRIBE_ALARMS_LIMITS.maxMaxRecords}.`,
    );
  }
  const nextToken = stringMember(input, 'NextToken');
  const after = nextToken === undefined ? undefined : lastNameOfPage(nextToken);

  // Alarms are looked at in name order until a page is full and one more is known to match.
  const page: StoredAlarm[] = [];
  let more = false;
  for (const listed of account.alarms.list({ after, prefix })) {
    if (
      !types.includes(listed.type) ||
      (names !== undefined && !names.includes(listed.name))
    ) {
      continue;
    }
    const stored = listed.stored();
    const { alarm } = stored;
    if (
      (state !== undefined && alarm.StateValue !== state) ||
      (actionPrefix !== undefined &&
        !allActions(alarm).some(action => action.startsWith(actionPrefix)))
    ) {
      continue;
    }
    if (page.length === maxRecords) {
      more = true;
      break;
    }
    page.push(stored);
  }
  return {
    MetricAlarms: page.flatMap(stored =>
      stored.type === 'MetricAlarm' ? [stored.alarm] : [],
    ),
    CompositeAlarms: page.flatMap(stored =>
      stored.type === 'CompositeAlarm' ? [stored.alarm] : [],
    ),
    NextToken: more
      ? encodeNextToken({ after: page[page.length - 1].alarm.AlarmName })
      : undefined,
  };
}

/** DescribeAlarms tokens carry the last name of the page, so pages survive alarms being added. */
function lastNameOfPage(token: string): string {
  const after = decodeNextToken(token)?.after;
  if (typeof after !== 'string') {
    throw new AwsError('InvalidNextToken', 'The NextToken is not valid.');
  }
  return after;
}

function allActions(alarm: MetricAlarm | CompositeAlarm): string[] {
  return [
    ...alarm.AlarmActions,
    ...alarm.OKActions,
    ...alarm.InsufficientDataActions,
  ];
}

/**
 * The single-metric alarms on one metric: same namespace, name and exact dimension set
 * ("if the metric has any associated dimensions, you must specify them"), narrowed by
 * statistic, period and unit when those are given. Metric-math alarms are not included.
 */
export function describeAlarmsForMetric(
  input: JsonObject,
  { account }: CloudWatchContext,
) {
  const namespace = stringMember(input, 'Namespace');
  const metricName = stringMember(input, 'MetricName');
  if (namespace === undefined || metricName === undefined) {
    throw new AwsError(
      'MissingRequiredParameterException',
      'The parameters Namespace and MetricName are required.',
    );
  }
  const dimensions = dimensionsMember(input);
  const statistic = stringMember(input, 'Statistic');
  const extendedStatistic = stringMember(input, 'ExtendedStatistic');
  const period = numberMember(input, 'Period');
  const unit = stringMember(input, 'Unit');
  const metricAlarms: MetricAlarm[] = [];
  const byName = Object.fromEntries(dimensions.map(d => [d.Name, d.Value]));
  for (const listed of account.alarms.watching(byName)) {
    const stored = listed.type === 'MetricAlarm' ? listed.stored() : undefined;
    const alarm = stored?.type === 'MetricAlarm' ? stored.alarm : undefined;
    if (
      alarm &&
      alarm.Namespace === namespace &&
      alarm.MetricName === metricName &&
      sameDimensions(alarm.Dimensions ?? [], dimensions) &&
      (statistic === undefined || alarm.Statistic === statistic) &&
      (extendedStatistic === undefined ||
        alarm.ExtendedStatistic === extendedStatistic) &&
      (period === undefined || alarm.Period === period) &&
      (unit === undefined || alarm.Unit === unit)
    ) {
      metricAlarms.push(alarm);
    }
  }
  return { MetricAlarms: metricAlarms };
}

function dimensionsMember(input: JsonObject): Dimension[] {
  return (objectListMember(input, 'Dimensions') ?? []).map(d => ({
    Name: stringMember(d, 'Name') ?? '',
    Value: stringMember(d, 'Value') ?? '',
  }));
}

function sameDimensions(a: Dimension[], b: Dimension[]): boolean {
  const key = (dimensions: Dimension[]) =>
    dimensions
      .map(d => `${d.Name}=${d.Value}`)
      .sort()
      .join('\n');
  return key(a) === key(b);
}

export function listTagsForResource(
  input: JsonObject,
  { account }: CloudWatchContext,
) {
  const arn = stringMember(input, 'ResourceARN');
  if (arn === undefined) {
    throw new AwsError(
      'MissingRequiredParameterException',
      'The parameter ResourceARN is required.',
    );
  }
  const stored = account.alarms.getByArn(arn);
  if (!stored) {
    throw new AwsError(
      'ResourceNotFoundException',
      `No alarm has the ARN ${arn}.`,
      {
        ResourceType: 'Alarm',
        ResourceId: arn,
      },
    );
  }
  return { Tags: stored.tags };
}

/**
 * Creates or replaces a metric alarm. As in CloudWatch, a new alarm starts in
 * INSUFFICIENT_DATA, an updated one keeps its state, and Tags apply only on creation ("if you
 * are using this operation to update an existing alarm, any tags you specify are ignored").
 */
export function putMetricAlarm(input: JsonObject, context: CloudWatchContext) {
  const name = requiredAlarmName(input);
  const metricName = stringMember(input, 'MetricName');
  const metrics = objectListMember(input, 'Metrics') as
    | MetricDataQuery[]
    | undefined;
  if ((metricName === undefined) === (metrics === undefined)) {
    throw new AwsError(
      'ValidationException',
      'Specify either MetricName (a single metric) or Metrics (metric math), not both or neither.',
    );
  }
  const statistic = stringMember(input, 'Statistic');
  const extendedStatistic = stringMember(input, 'ExtendedStatistic');
  if (
    metricName !== undefined &&
    (statistic === undefined) === (extendedStatistic === undefined)
  ) {
    throw new AwsError(
      'InvalidParameterCombinationException',
      'A single-metric alarm needs exactly one of Statistic and ExtendedStatistic.',
    );
  }
  const evaluationPeriods = numberMember(input, 'EvaluationPeriods');
  const comparisonOperator = stringMember(input, 'ComparisonOperator');
  if (evaluationPeriods === undefined || comparisonOperator === undefined) {
    throw new AwsError(
      'MissingRequiredParameterException',
      'The parameters EvaluationPeriods and ComparisonOperator are required.',
    );
  }
  const alarm: MetricAlarm = {
    ...alarmBase(input, name, context),
    Namespace: stringMember(input, 'Namespace'),
    MetricName: metricName,
    Dimensions: metricName === undefined ? undefined : dimensionsMember(input),
    Statistic: statistic,
    ExtendedStatistic: extendedStatistic,
    Period: numberMember(input, 'Period'),
    Unit: stringMember(input, 'Unit'),
    Metrics: metrics,
    EvaluationPeriods: evaluationPeriods,
    DatapointsToAlarm: numberMember(input, 'DatapointsToAlarm'),
    Threshold: numberMember(input, 'Threshold'),
    ComparisonOperator: comparisonOperator,
    TreatMissingData: stringMember(input, 'TreatMissingData'),
  };
  context.account.alarms.put({
    type: 'MetricAlarm',
    alarm,
    tags: tagsOnPut(input, name, context),
  });
  return {};
}

/** Creates or replaces a composite alarm, with the same state and tag rules as PutMetricAlarm. */
export function putCompositeAlarm(
  input: JsonObject,
  context: CloudWatchContext,
) {
  const name = requiredAlarmName(input);
  const rule = stringMember(input, 'AlarmRule');
  if (rule === undefined) {
    throw new AwsError(
      'MissingRequiredParameterException',
      'The parameter AlarmRule is required.',
    );
  }
  const alarm: CompositeAlarm = {
    ...alarmBase(input, name, context),
    AlarmRule: rule,
  };
  context.account.alarms.put({
    type: 'CompositeAlarm',
    alarm,
    tags: tagsOnPut(input, name, context),
  });
  return {};
}

function requiredAlarmName(input: JsonObject): string {
  const name = stringMember(input, 'AlarmName');
  if (name === undefined || name.length === 0 || name.length > 255) {
    throw new AwsError(
      'MissingRequiredParameterException',
      'The parameter AlarmName is required (1 to 255 characters).',
    );
  }
  return name;
}

function alarmBase(
  input: JsonObject,
  name: string,
  { account, clock }: CloudWatchContext,
) {
  const now = clock.now();
  const existing = account.alarms.get(name)?.alarm;
  return {
    AlarmName: name,
    AlarmArn: account.arns.alarm(name),
    AlarmDescription: stringMember(input, 'AlarmDescription'),
    AlarmConfigurationUpdatedTimestamp: now,
    ActionsEnabled: booleanMember(input, 'ActionsEnabled') ?? true,
    OKActions: stringListMember(input, 'OKActions') ?? [],
    AlarmActions: stringListMember(input, 'AlarmActions') ?? [],
    InsufficientDataActions:
      stringListMember(input, 'InsufficientDataActions') ?? [],
    StateValue: existing?.StateValue ?? 'INSUFFICIENT_DATA',
    StateReason: existing?.StateReason ?? 'Unchecked: Initial alarm creation',
    StateUpdatedTimestamp: existing?.StateUpdatedTimestamp ?? now,
    StateTransitionedTimestamp: existing?.StateTransitionedTimestamp ?? now,
  };
}

function tagsOnPut(
  input: JsonObject,
  name: string,
  { account }: CloudWatchContext,
): Tag[] {
  const existing: StoredAlarm | undefined = account.alarms.get(name);
  if (existing) {
    return existing.tags;
  }
  return (objectListMember(input, 'Tags') ?? []).map(tag => ({
    Key: stringMember(tag, 'Key') ?? '',
    Value: stringMember(tag, 'Value') ?? '',
  }));
}
