import { MINUTE_MS, scenarioOrigin } from '../clock';
import { MetricAlarm, StateValue, StoredAlarm, Tag } from '../cloudwatch/types';
import {
  alarmArn,
  lambdaMetricQuery,
  SCENARIO_ACCOUNT_ID,
  SCENARIO_REGION,
} from './account';

/**
 * The scenarios' alarms. Their state timestamps are relative to the scenario clock
 * ("in ALARM since 35 minutes ago"), so they are built afresh for every answer.
 */

const PAGE_TOPIC = `arn:aws:sns:${SCENARIO_REGION}:${SCENARIO_ACCOUNT_ID}:oncall-page`;
const TICKET_TOPIC = `arn:aws:sns:${SCENARIO_REGION}:${SCENARIO_ACCOUNT_ID}:oncall-ticket`;

/** Alarm names of the scenarios, for tests that refer to them. */
export const SCENARIO_ALARM_NAMES = [
  'billing-events-dlq',
  'billing-events-error-rate',
  'checkout-api-duration',
  'checkout-api-errors',
  'checkout-api-throttles',
  'checkout-api-user-impact',
  'nightly-report-errors',
  'orders-api-errors',
  'orders-api-latency-p95',
] as const;

export type ScenarioAlarmName = (typeof SCENARIO_ALARM_NAMES)[number];

interface AlarmState {
  value: StateValue;
  /** The state was entered this many minutes before the scenario origin. */
  sinceMinutesAgo: number;
  reason: string;
}

const OK_FOR_TWO_DAYS: AlarmState = {
  value: 'OK',
  sinceMinutesAgo: 2 * 24 * 60,
  reason: 'Threshold Crossed: no datapoints were breaching the threshold.',
};

/** Alarm configurations were last changed 30 days before the origin. */
const CONFIGURED_MINUTES_AGO = 30 * 24 * 60;

function tags(entries: Record<string, string>): Tag[] {
  return Object.entries(entries).map(([Key, Value]) => ({ Key, Value }));
}

/** Topics notified on ALARM, by the severity the alarm is tagged with. */
function actionsFor(severity: string | undefined): string[] {
  if (severity === 'page') return [PAGE_TOPIC];
  if (severity === 'ticket') return [TICKET_TOPIC];
  return [];
}

interface LambdaAlarmSpec {
  name: ScenarioAlarmName;
  functionName: string;
  metricName: string;
  /** `Sum`, or a percentile such as `p95` (sent as ExtendedStatistic). */
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

export function scenarioAlarms(
  now: Date,
  runbookBaseUrl: string,
): StoredAlarm[] {
  const origin = scenarioOrigin(now);
  const minutesAgo = (minutes: number) =>
    new Date(origin - minutes * MINUTE_MS);
  const runbook = (page: string) => `${runbookBaseUrl}${page}`;

  const base = (
    name: ScenarioAlarmName,
    description: string,
    state: AlarmState,
    severity: string | undefined,
  ) => ({
    AlarmName: name,
    AlarmArn: alarmArn(name),
    AlarmDescription: description,
    AlarmConfigurationUpdatedTimestamp: minutesAgo(CONFIGURED_MINUTES_AGO),
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: actionsFor(severity),
    InsufficientDataActions: [],
    StateValue: state.value,
    StateReason: state.reason,
    StateUpdatedTimestamp: minutesAgo(state.sinceMinutesAgo),
    StateTransitionedTimestamp: minutesAgo(state.sinceMinutesAgo),
  });

  const lambdaAlarm = (spec: LambdaAlarmSpec): StoredAlarm => {
    const isPercentile = /^p\d/.test(spec.stat);
    const alarm: MetricAlarm = {
      ...base(spec.name, spec.description, spec.state, spec.tags.severity),
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
    return { type: 'MetricAlarm', alarm, tags: tags(spec.tags) };
  };

  const inAlarm = (sinceMinutesAgo: number, reason: string): AlarmState => ({
    value: 'ALARM',
    sinceMinutesAgo,
    reason,
  });

  return [
    lambdaAlarm({
      name: 'orders-api-errors',
      functionName: 'orders-api',
      metricName: 'Errors',
      stat: 'Sum',
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      threshold: 5,
      comparison: 'GreaterThanOrEqualToThreshold',
      description: `orders-api fails requests: 5 errors a minute for 5 minutes. Runbook: ${runbook(
        'orders-api.md#errors',
      )}`,
      tags: { severity: 'page', service: 'orders-api' },
      state: OK_FOR_TWO_DAYS,
    }),
    lambdaAlarm({
      name: 'orders-api-latency-p95',
      functionName: 'orders-api',
      metricName: 'Duration',
      stat: 'p95',
      period: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 500,
      comparison: 'GreaterThanThreshold',
      // Deliberately a dead section link: orders-api.md has no "Latency" heading.
      description: `p95 Duration of orders-api above 500 ms for 15 minutes. Runbook: ${runbook(
        'orders-api.md#latency',
      )}`,
      tags: { severity: 'ticket', service: 'orders-api' },
      state: OK_FOR_TWO_DAYS,
    }),
    lambdaAlarm({
      name: 'checkout-api-errors',
      functionName: 'checkout-api',
      metricName: 'Errors',
      stat: 'Sum',
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      threshold: 5,
      comparison: 'GreaterThanOrEqualToThreshold',
      description: `checkout-api fails requests: 5 errors a minute in 3 of 5 minutes. Runbook: ${runbook(
        'timeout.md#a-triage-in-3-minutes',
      )}`,
      tags: { severity: 'page', service: 'checkout-api' },
      state: inAlarm(
        35,
        'Threshold Crossed: 3 out of the last 5 datapoints [20.0, 20.0, 20.0] were greater than or equal to the threshold (5.0).',
      ),
    }),
    lambdaAlarm({
      name: 'checkout-api-throttles',
      functionName: 'checkout-api',
      metricName: 'Throttles',
      stat: 'Sum',
      period: 60,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      // Deliberately without a runbook link: the coverage scorecard must flag it.
      description:
        'checkout-api is throttled: its reserved concurrency may be too low.',
      tags: { severity: 'ticket', service: 'checkout-api' },
      state: inAlarm(
        38,
        'Threshold Crossed: 1 datapoint [2.0] was greater than or equal to the threshold (1.0).',
      ),
    }),
    lambdaAlarm({
      name: 'checkout-api-duration',
      functionName: 'checkout-api',
      metricName: 'Duration',
      stat: 'p99',
      period: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 2500,
      comparison: 'GreaterThanThreshold',
      description: `p99 Duration of checkout-api close to its 3 s timeout. Runbook: ${runbook(
        'timeout.md',
      )}`,
      // No severity tag: the alarm is unclassified.
      tags: { service: 'checkout-api' },
      state: inAlarm(
        37,
        'Threshold Crossed: 3 out of the last 3 datapoints [2800.0, 2800.0, 2800.0] were greater than the threshold (2500.0).',
      ),
    }),
    {
      type: 'CompositeAlarm',
      alarm: {
        ...base(
          'checkout-api-user-impact',
          `Users of checkout-api are hurt: errors or near-timeouts. Runbook: ${runbook(
            'timeout.md#a-triage-in-3-minutes',
          )}`,
          inAlarm(
            35,
            `${alarmArn('checkout-api-errors')} transitioned to ALARM`,
          ),
          'page',
        ),
        AlarmRule:
          'ALARM("checkout-api-errors") OR ALARM("checkout-api-duration")',
      },
      tags: tags({ severity: 'page', service: 'checkout-api' }),
    },
    lambdaAlarm({
      name: 'billing-events-dlq',
      functionName: 'billing-events',
      metricName: 'DeadLetterErrors',
      stat: 'Sum',
      period: 60,
      // Any dead letter in the last hour keeps the alarm on.
      evaluationPeriods: 60,
      datapointsToAlarm: 1,
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      description: `Events of billing-events go to its dead-letter queue. Runbook: ${runbook(
        'dlq-growth.md#a-triage-in-3-minutes',
      )}`,
      tags: { severity: 'ticket', service: 'billing-events' },
      state: inAlarm(
        30,
        'Threshold Crossed: 1 out of the last 60 datapoints [1.0] was greater than or equal to the threshold (1.0).',
      ),
    }),
    {
      type: 'MetricAlarm',
      alarm: {
        ...base(
          'billing-events-error-rate',
          `Error rate of billing-events above 5 %. Runbook: ${runbook(
            'dlq-growth.md',
          )}`,
          OK_FOR_TWO_DAYS,
          'ticket',
        ),
        Metrics: [
          lambdaMetricQuery('e', 'billing-events', 'Errors', 'Sum', 300),
          lambdaMetricQuery('i', 'billing-events', 'Invocations', 'Sum', 300),
          {
            Id: 'error_rate',
            Expression: '100*e/i',
            Label: 'Error rate (%)',
            ReturnData: true,
          },
        ],
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      },
      tags: tags({ severity: 'ticket', service: 'billing-events' }),
    },
    lambdaAlarm({
      name: 'nightly-report-errors',
      functionName: 'nightly-report',
      metricName: 'Errors',
      stat: 'Sum',
      period: 86_400,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      // Hostile input: links that must never be rendered as clickable, and no http(s) URL.
      description:
        'The nightly report failed. Runbook: [open the runbook](javascript:alert(1)) or <a href="javascript:alert(1)">javascript:alert(1)</a>',
      tags: {},
      state: OK_FOR_TWO_DAYS,
    }),
  ];
}
