import { MINUTE_MS } from '../clock';
import {
  CompositeAlarm,
  MetricAlarm,
  MetricDataQuery,
  StateValue,
  StoredAlarm,
  Tag,
} from '../cloudwatch/types';
import { AccountArns } from './account';

/**
 * Builds scenario alarms as CloudWatch describes them. Their state timestamps are relative to
 * the scenario origin ("in ALARM since 35 minutes ago"), so alarms are built for one origin.
 */

export interface AlarmState {
  value: StateValue;
  /** The state was entered this many minutes before the scenario origin. */
  sinceMinutesAgo: number;
  reason: string;
}

/** Alarm configurations were last changed 30 days before the origin. */
const CONFIGURED_MINUTES_AGO = 30 * 24 * 60;

export function okSince(sinceMinutesAgo: number): AlarmState {
  return {
    value: 'OK',
    sinceMinutesAgo,
    reason: 'Threshold Crossed: no datapoints were breaching the threshold.',
  };
}

export function inAlarmSince(
  sinceMinutesAgo: number,
  reason: string,
): AlarmState {
  return { value: 'ALARM', sinceMinutesAgo, reason };
}

function tagsOf(entries: Record<string, string>): Tag[] {
  return Object.entries(entries).map(([Key, Value]) => ({ Key, Value }));
}

/** Everything about a Lambda metric alarm but the account it lives in. */
export interface LambdaAlarmSpec {
  name: string;
  functionName: string;
  metricName: string;
  /** `Sum`, `Maximum`, or a percentile such as `p95` (sent as ExtendedStatistic). */
  stat: string;
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold';
  description: string;
  tags: Record<string, string>;
  state: AlarmState;
}

/** Builds the alarms of one account at one scenario origin. */
export class AlarmBuilder {
  readonly #arns: AccountArns;
  readonly #origin: number;

  constructor(arns: AccountArns, origin: number) {
    this.#arns = arns;
    this.#origin = origin;
  }

  #minutesAgo(minutes: number): Date {
    return new Date(this.#origin - minutes * MINUTE_MS);
  }

  /** Topics notified on ALARM, by the severity the alarm is tagged with. */
  #actionsFor(severity: string | undefined): string[] {
    if (severity === 'page') return [this.#arns.topic('oncall-page')];
    if (severity === 'ticket') return [this.#arns.topic('oncall-ticket')];
    return [];
  }

  #base(
    name: string,
    description: string,
    state: AlarmState,
    severity: string | undefined,
  ) {
    return {
      AlarmName: name,
      AlarmArn: this.#arns.alarm(name),
      AlarmDescription: description,
      AlarmConfigurationUpdatedTimestamp: this.#minutesAgo(
        CONFIGURED_MINUTES_AGO,
      ),
      ActionsEnabled: true,
      OKActions: [],
      AlarmActions: this.#actionsFor(severity),
      InsufficientDataActions: [],
      StateValue: state.value,
      StateReason: state.reason,
      StateUpdatedTimestamp: this.#minutesAgo(state.sinceMinutesAgo),
      StateTransitionedTimestamp: this.#minutesAgo(state.sinceMinutesAgo),
    };
  }

  /** A single-metric alarm on a Lambda function's metric (dimension `FunctionName`). */
  lambdaAlarm(spec: LambdaAlarmSpec): StoredAlarm {
    const isPercentile = /^p\d/.test(spec.stat);
    const alarm: MetricAlarm = {
      ...this.#base(spec.name, spec.description, spec.state, spec.tags.severity),
      Namespace: 'AWS/Lambda',
      MetricName: spec.metricName,
      Dimensions: [{ Name: 'FunctionName', Value: spec.functionName }],
      ...(isPercentile
        ? { ExtendedStatistic: spec.stat }
        : { Statistic: spec.stat }),
      Period: spec.period,
      EvaluationPeriods: spec.evaluationPeriods,
      DatapointsToAlarm: spec.datapointsToAlarm,
      Threshold: spec.threshold,
      ComparisonOperator: spec.comparison,
      TreatMissingData: 'notBreaching',
    };
    return { type: 'MetricAlarm', alarm, tags: tagsOf(spec.tags) };
  }

  /** A metric-math alarm: the rule is over `metrics`, the threshold over its result. */
  metricMathAlarm(spec: {
    name: string;
    description: string;
    state: AlarmState;
    tags: Record<string, string>;
    metrics: MetricDataQuery[];
    evaluationPeriods: number;
    datapointsToAlarm: number;
    threshold: number;
  }): StoredAlarm {
    const alarm: MetricAlarm = {
      ...this.#base(spec.name, spec.description, spec.state, spec.tags.severity),
      Metrics: spec.metrics,
      EvaluationPeriods: spec.evaluationPeriods,
      DatapointsToAlarm: spec.datapointsToAlarm,
      Threshold: spec.threshold,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    };
    return { type: 'MetricAlarm', alarm, tags: tagsOf(spec.tags) };
  }

  compositeAlarm(spec: {
    name: string;
    description: string;
    state: AlarmState;
    tags: Record<string, string>;
    rule: string;
  }): StoredAlarm {
    const alarm: CompositeAlarm = {
      ...this.#base(spec.name, spec.description, spec.state, spec.tags.severity),
      AlarmRule: spec.rule,
    };
    return { type: 'CompositeAlarm', alarm, tags: tagsOf(spec.tags) };
  }
}
