import { parseDocument } from 'yaml';

/** @public */
export interface AlarmDimensionInput {
  Name: string;
  Value: string;
}

/** @public */
export interface AlarmTagInput {
  Key: string;
  Value: string;
}

/** @public */
export type AlarmComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

/** @public */
export type AlarmStatistic =
  | 'SampleCount'
  | 'Average'
  | 'Sum'
  | 'Minimum'
  | 'Maximum';

/** A metric-math query of an alarm (`MetricDataQuery`). @public */
export interface AlarmMetricQueryInput {
  Id: string;
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
  Period?: number;
  AccountId?: string;
  MetricStat?: {
    Metric: {
      Namespace?: string;
      MetricName?: string;
      Dimensions?: AlarmDimensionInput[];
    };
    Period: number;
    Stat: string;
  };
}

/** The members of a `PutMetricAlarm` request that alarms as code use. @public */
export interface PutMetricAlarmRequest {
  AlarmName: string;
  AlarmDescription?: string;
  ActionsEnabled?: boolean;
  AlarmActions?: string[];
  OKActions?: string[];
  InsufficientDataActions?: string[];
  Namespace?: string;
  MetricName?: string;
  Dimensions?: AlarmDimensionInput[];
  Statistic?: AlarmStatistic;
  ExtendedStatistic?: string;
  Period?: number;
  Metrics?: AlarmMetricQueryInput[];
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ThresholdMetricId?: string;
  ComparisonOperator: AlarmComparisonOperator;
  TreatMissingData?: string;
  EvaluateLowSampleCountPercentile?: string;
  Tags?: AlarmTagInput[];
}

/** The members of a `PutCompositeAlarm` request. @public */
export interface PutCompositeAlarmRequest {
  AlarmName: string;
  AlarmRule: string;
  AlarmDescription?: string;
  ActionsEnabled?: boolean;
  AlarmActions?: string[];
  OKActions?: string[];
  InsufficientDataActions?: string[];
  Tags?: AlarmTagInput[];
}

/**
 * The alarms of a template as CloudWatch API requests, in an order that can be applied:
 * every metric alarm, then the composites (a composite after the composites it depends on),
 * since `PutCompositeAlarm` needs the alarms of its rule to exist.
 *
 * @public
 */
export interface PutAlarmRequests {
  metricAlarms: PutMetricAlarmRequest[];
  compositeAlarms: PutCompositeAlarmRequest[];
}

const COMPARISON_OPERATORS: readonly string[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
];
const STATISTICS: readonly string[] = [
  'SampleCount',
  'Average',
  'Sum',
  'Minimum',
  'Maximum',
];

type Json = Record<string, unknown>;

/** Reads a property, naming the resource and property when it is not what it should be. */
class PropertyReader {
  readonly where: string;
  readonly #props: Json;

  constructor(where: string, props: Json) {
    this.where = where;
    this.#props = props;
  }

  fail(key: string, expected: string): never {
    const value = this.#props[key];
    const intrinsic =
      value !== null &&
      typeof value === 'object' &&
      Object.keys(value).some(k => k === 'Ref' || k.startsWith('Fn::'));
    throw new Error(
      intrinsic
        ? `${this.where}.${key} uses ${Object.keys(value as Json).join(
            ', ',
          )}: only CloudFormation resolves intrinsic functions; use literal values to apply alarms directly`
        : `${this.where}.${key} must be ${expected}`,
    );
  }

  string(key: string, allowed?: readonly string[]): string | undefined {
    const value = this.#props[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || (allowed && !allowed.includes(value))) {
      this.fail(key, allowed ? `one of ${allowed.join(', ')}` : 'a string');
    }
    return value;
  }

  requiredString(key: string): string {
    return this.string(key) ?? this.fail(key, 'a string (it is required)');
  }

  number(key: string): number | undefined {
    const value = this.#props[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(key, 'a number');
    }
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.#props[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.fail(key, 'true or false');
    return value;
  }

  strings(key: string): string[] | undefined {
    const value = this.#props[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
      this.fail(key, 'a list of strings');
    }
    return value as string[];
  }

  pairs<K extends string, V extends string>(
    key: string,
    keyName: K,
    valueName: V,
  ): Array<Record<K | V, string>> | undefined {
    const value = this.#props[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value))
      this.fail(key, `a list of ${keyName}/${valueName}`);
    return value.map((item, i) => {
      const reader = new PropertyReader(
        `${this.where}.${key}[${i}]`,
        asObject(item),
      );
      return {
        [keyName]: reader.requiredString(keyName),
        [valueName]: reader.requiredString(valueName),
      } as Record<K | V, string>;
    });
  }

  object(key: string): Json | undefined {
    const value = this.#props[key];
    if (value === undefined) return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(key, 'a mapping');
    }
    return value as Json;
  }

  list(key: string): unknown[] | undefined {
    const value = this.#props[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) this.fail(key, 'a list');
    return value;
  }

  /** Properties this mapping does not know would be dropped silently: refuse them. */
  onlyKnown(known: readonly string[]): void {
    const unknown = Object.keys(this.#props).filter(k => !known.includes(k));
    if (unknown.length > 0) {
      throw new Error(
        `${
          this.where
        } has properties that cannot be applied through the CloudWatch API: ${unknown.join(
          ', ',
        )}`,
      );
    }
  }
}

function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : {};
}

/** Drops the members left undefined, so requests carry only what the template says. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

const COMMON_KEYS = [
  'AlarmName',
  'AlarmDescription',
  'ActionsEnabled',
  'AlarmActions',
  'OKActions',
  'InsufficientDataActions',
  'Tags',
] as const;

function common(reader: PropertyReader) {
  return {
    AlarmName: reader.requiredString('AlarmName'),
    AlarmDescription: reader.string('AlarmDescription'),
    ActionsEnabled: reader.boolean('ActionsEnabled'),
    AlarmActions: reader.strings('AlarmActions'),
    OKActions: reader.strings('OKActions'),
    InsufficientDataActions: reader.strings('InsufficientDataActions'),
    Tags: reader.pairs('Tags', 'Key', 'Value'),
  };
}

function metricQuery(where: string, item: unknown): AlarmMetricQueryInput {
  const reader = new PropertyReader(where, asObject(item));
  reader.onlyKnown([
    'Id',
    'Expression',
    'Label',
    'ReturnData',
    'Period',
    'AccountId',
    'MetricStat',
  ]);
  const statObject = reader.object('MetricStat');
  let metricStat: AlarmMetricQueryInput['MetricStat'];
  if (statObject) {
    const stat = new PropertyReader(`${where}.MetricStat`, statObject);
    stat.onlyKnown(['Metric', 'Period', 'Stat']);
    const metric = new PropertyReader(
      `${where}.MetricStat.Metric`,
      stat.object('Metric') ?? stat.fail('Metric', 'a mapping'),
    );
    metric.onlyKnown(['Namespace', 'MetricName', 'Dimensions']);
    metricStat = {
      Metric: defined({
        Namespace: metric.string('Namespace'),
        MetricName: metric.string('MetricName'),
        Dimensions: metric.pairs('Dimensions', 'Name', 'Value'),
      }),
      Period: stat.number('Period') ?? stat.fail('Period', 'a number'),
      Stat: stat.requiredString('Stat'),
    };
  }
  return defined({
    Id: reader.requiredString('Id'),
    Expression: reader.string('Expression'),
    Label: reader.string('Label'),
    ReturnData: reader.boolean('ReturnData'),
    Period: reader.number('Period'),
    AccountId: reader.string('AccountId'),
    MetricStat: metricStat,
  });
}

function metricAlarmRequest(where: string, props: Json): PutMetricAlarmRequest {
  const reader = new PropertyReader(where, props);
  reader.onlyKnown([
    ...COMMON_KEYS,
    'Namespace',
    'MetricName',
    'Dimensions',
    'Statistic',
    'ExtendedStatistic',
    'Period',
    'Metrics',
    'EvaluationPeriods',
    'DatapointsToAlarm',
    'Threshold',
    'ThresholdMetricId',
    'ComparisonOperator',
    'TreatMissingData',
    'EvaluateLowSampleCountPercentile',
  ]);
  return defined({
    ...common(reader),
    Namespace: reader.string('Namespace'),
    MetricName: reader.string('MetricName'),
    Dimensions: reader.pairs('Dimensions', 'Name', 'Value'),
    Statistic: reader.string('Statistic', STATISTICS) as
      | AlarmStatistic
      | undefined,
    ExtendedStatistic: reader.string('ExtendedStatistic'),
    Period: reader.number('Period'),
    Metrics: reader
      .list('Metrics')
      ?.map((item, i) => metricQuery(`${where}.Metrics[${i}]`, item)),
    EvaluationPeriods:
      reader.number('EvaluationPeriods') ??
      reader.fail('EvaluationPeriods', 'a number (it is required)'),
    DatapointsToAlarm: reader.number('DatapointsToAlarm'),
    Threshold: reader.number('Threshold'),
    ThresholdMetricId: reader.string('ThresholdMetricId'),
    ComparisonOperator: (reader.string(
      'ComparisonOperator',
      COMPARISON_OPERATORS,
    ) ??
      reader.fail(
        'ComparisonOperator',
        'a comparison operator (it is required)',
      )) as AlarmComparisonOperator,
    TreatMissingData: reader.string('TreatMissingData'),
    EvaluateLowSampleCountPercentile: reader.string(
      'EvaluateLowSampleCountPercentile',
    ),
  });
}

function compositeAlarmRequest(
  where: string,
  props: Json,
): PutCompositeAlarmRequest {
  const reader = new PropertyReader(where, props);
  reader.onlyKnown([...COMMON_KEYS, 'AlarmRule']);
  return defined({
    ...common(reader),
    AlarmRule: reader.requiredString('AlarmRule'),
  });
}

/** Composites after the composites they depend on (`DependsOn`), file order otherwise. */
function dependencyOrder(
  composites: Array<{
    id: string;
    dependsOn: string[];
    request: PutCompositeAlarmRequest;
  }>,
): PutCompositeAlarmRequest[] {
  const ids = new Set(composites.map(c => c.id));
  const done = new Set<string>();
  const ordered: PutCompositeAlarmRequest[] = [];
  let pending = composites;
  while (pending.length > 0) {
    const ready = pending.filter(c =>
      c.dependsOn.every(dep => !ids.has(dep) || done.has(dep)),
    );
    if (ready.length === 0) {
      throw new Error(
        `The composite alarms ${pending
          .map(c => c.id)
          .join(', ')} depend on each other in a cycle`,
      );
    }
    for (const c of ready) {
      done.add(c.id);
      ordered.push(c.request);
    }
    pending = pending.filter(c => !done.has(c.id));
  }
  return ordered;
}

/**
 * Turns the alarms of a CloudFormation template (such as the one `generateAlarmTemplate`
 * writes) into `PutMetricAlarm` / `PutCompositeAlarm` requests, to apply them without a
 * stack: in a test, a script or a one-off fix. The CloudFormation properties of the two
 * alarm types are the API's members, so the mapping is a checked copy; resources of other
 * types are left out. Throws, naming the resource and property, on anything only
 * CloudFormation could apply (`!Ref`, `Fn::Sub`, properties the API does not have).
 *
 * @public
 */
export function toPutAlarmInputs(template: string): PutAlarmRequests {
  // CloudFormation reads YAML 1.1 (an unquoted `yes` is a boolean there).
  const doc = parseDocument(template, { version: '1.1' });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    throw new Error(
      `The template is not plain YAML (CloudFormation short forms such as !Ref cannot be applied directly): ${problems
        .map(p => p.message)
        .join('; ')}`,
    );
  }
  const resources = asObject(asObject(doc.toJS()).Resources);
  const metricAlarms: PutMetricAlarmRequest[] = [];
  const composites: Array<{
    id: string;
    dependsOn: string[];
    request: PutCompositeAlarmRequest;
  }> = [];
  for (const [logicalId, value] of Object.entries(resources)) {
    const resource = asObject(value);
    const props = asObject(resource.Properties);
    if (resource.Type === 'AWS::CloudWatch::Alarm') {
      metricAlarms.push(metricAlarmRequest(logicalId, props));
    } else if (resource.Type === 'AWS::CloudWatch::CompositeAlarm') {
      composites.push({
        id: logicalId,
        // DependsOn is a logical id or a list of them.
        dependsOn: [resource.DependsOn ?? []].flat().map(String),
        request: compositeAlarmRequest(logicalId, props),
      });
    }
  }
  return { metricAlarms, compositeAlarms: dependencyOrder(composites) };
}
