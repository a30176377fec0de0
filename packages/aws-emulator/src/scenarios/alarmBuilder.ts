import { MINUTE_MS } from '../clock';
import {
  AlarmBase,
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

/** What a metric alarm compares, and when it fires. */
export interface AlarmRule {
  metricName: string;
  /** `Sum`, `Maximum`, or a percentile such as `p95` (sent as ExtendedStatistic). */
  stat: string;
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold';
}

/** p95 Duration above 500 ms for 15 minutes: the latency objective's ticket alarm. */
export const LATENCY_P95_RULE: AlarmRule = {
  metricName: 'Duration',
  stat: 'p95',
  period: 300,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  threshold: 500,
  comparison: 'GreaterThanThreshold',
};

/** Any dead letter in the last hour keeps the alarm on. */
export const DEAD_LETTER_RULE: AlarmRule = {
  metricName: 'DeadLetterErrors',
  stat: 'Sum',
  period: 60,
  evaluationPeriods: 60,
  datapointsToAlarm: 1,
  threshold: 1,
  comparison: 'GreaterThanOrEqualToThreshold',
};

/** A daily job's run failed. */
export const FAILED_RUN_RULE: AlarmRule = {
  metricName: 'Errors',
  stat: 'Sum',
  period: 86_400,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  threshold: 1,
  comparison: 'GreaterThanOrEqualToThreshold',
};

/** Everything about a Lambda metric alarm but the account it lives in. */
export interface LambdaAlarmSpec {
  name: string;
  functionName: string;
  rule: AlarmRule;
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

  /** The members every alarm has. Objects are built member by member: spreading is slow. */
  #base(
    name: string,
    description: string,
    state: AlarmState,
    severity: string | undefined,
  ): AlarmBase {
    const since = this.#minutesAgo(state.sinceMinutesAgo);
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
      StateUpdatedTimestamp: since,
      StateTransitionedTimestamp: since,
    };
  }

  /** A single-metric alarm on a Lambda function's metric (dimension `FunctionName`). */
  lambdaAlarm(spec: LambdaAlarmSpec): StoredAlarm {
    const alarm: MetricAlarm = this.#base(
      spec.name,
      spec.description,
      spec.state,
      spec.tags.severity,
    );
    const { rule } = spec;
    alarm.Namespace = 'AWS/Lambda';
    alarm.MetricName = rule.metricName;
    alarm.Dimensions = [{ Name: 'FunctionName', Value: spec.functionName }];
    if (/^p\d/.test(rule.stat)) {
      alarm.ExtendedStatistic = rule.stat;
    } else {
      alarm.Statistic = rule.stat;
    }
    alarm.Period = rule.period;
    alarm.EvaluationPeriods = rule.evaluationPeriods;
    alarm.DatapointsToAlarm = rule.datapointsToAlarm;
    alarm.Threshold = rule.threshold;
    alarm.ComparisonOperator = rule.comparison;
    alarm.TreatMissingData = 'notBreaching';
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
    const alarm: MetricAlarm = this.#base(
      spec.name,
      spec.description,
      spec.state,
      spec.tags.severity,
    );
    alarm.Metrics = spec.metrics;
    alarm.EvaluationPeriods = spec.evaluationPeriods;
    alarm.DatapointsToAlarm = spec.datapointsToAlarm;
    alarm.Threshold = spec.threshold;
    alarm.ComparisonOperator = 'GreaterThanThreshold';
    alarm.TreatMissingData = 'notBreaching';
    return { type: 'MetricAlarm', alarm, tags: tagsOf(spec.tags) };
  }

  compositeAlarm(spec: {
    name: string;
    description: string;
    state: AlarmState;
    tags: Record<string, string>;
    rule: string;
  }): StoredAlarm {
    const alarm: CompositeAlarm = Object.assign(
      this.#base(spec.name, spec.description, spec.state, spec.tags.severity),
      { AlarmRule: spec.rule },
    );
    return { type: 'CompositeAlarm', alarm, tags: tagsOf(spec.tags) };
  }
}
