/**
 * CloudWatch shapes as they travel in AWS JSON 1.0 (member names as in the API reference).
 * Timestamps are `Date` here and epoch seconds on the wire.
 */

export interface Dimension {
  Name: string;
  Value: string;
}

export interface Metric {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Dimension[];
}

export interface MetricStat {
  Metric?: Metric;
  Period?: number;
  Stat?: string;
  Unit?: string;
}

export interface MetricDataQuery {
  Id?: string;
  MetricStat?: MetricStat;
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
  Period?: number;
  AccountId?: string;
}

export interface Tag {
  Key: string;
  Value: string;
}

export type StateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** Members shared by metric and composite alarms. */
export interface AlarmBase {
  AlarmName: string;
  AlarmArn: string;
  AlarmDescription?: string;
  AlarmConfigurationUpdatedTimestamp: Date;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  StateValue: StateValue;
  StateReason: string;
  StateUpdatedTimestamp: Date;
  StateTransitionedTimestamp: Date;
}

export interface MetricAlarm extends AlarmBase {
  /** Single-metric alarms name their metric here; metric-math alarms use `Metrics`. */
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Dimension[];
  Statistic?: string;
  ExtendedStatistic?: string;
  Period?: number;
  Unit?: string;
  Metrics?: MetricDataQuery[];
  EvaluationPeriods?: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator?: string;
  TreatMissingData?: string;
}

export interface CompositeAlarm extends AlarmBase {
  AlarmRule: string;
}

/** An alarm as the emulator keeps it: its description plus its tags. */
export type StoredAlarm =
  | { type: 'MetricAlarm'; alarm: MetricAlarm; tags: Tag[] }
  | { type: 'CompositeAlarm'; alarm: CompositeAlarm; tags: Tag[] };
