import { scenarioOrigin } from '../clock';
import { compareNames, ScenarioAlarms } from '../cloudwatch/alarmStore';
import { StoredAlarm } from '../cloudwatch/types';
import { lambdaMetricQuery, SCENARIO_ARNS } from './account';
import {
  AlarmBuilder,
  AlarmState,
  DEAD_LETTER_RULE,
  FAILED_RUN_RULE,
  inAlarmSince,
  LambdaAlarmSpec,
  LATENCY_P95_RULE,
  okSince,
} from './alarmBuilder';

/**
 * The scenarios' alarms. Their state timestamps are relative to the scenario clock
 * ("in ALARM since 35 minutes ago"), so they are built afresh for every answer.
 */

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

const OK_FOR_TWO_DAYS: AlarmState = okSince(2 * 24 * 60);

export function scenarioAlarms(
  now: Date,
  runbookBaseUrl: string,
): StoredAlarm[] {
  const builder = new AlarmBuilder(SCENARIO_ARNS, scenarioOrigin(now));
  const runbook = (page: string) => `${runbookBaseUrl}${page}`;
  const lambdaAlarm = (spec: LambdaAlarmSpec & { name: ScenarioAlarmName }) =>
    builder.lambdaAlarm(spec);

  return [
    lambdaAlarm({
      name: 'orders-api-errors',
      functionName: 'orders-api',
      rule: {
        metricName: 'Errors',
        stat: 'Sum',
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        threshold: 5,
        comparison: 'GreaterThanOrEqualToThreshold',
      },
      description: `orders-api fails requests: 5 errors a minute for 5 minutes. Runbook: ${runbook(
        'orders-api.md#errors',
      )}`,
      tags: { severity: 'page', service: 'orders-api' },
      state: OK_FOR_TWO_DAYS,
    }),
    lambdaAlarm({
      name: 'orders-api-latency-p95',
      functionName: 'orders-api',
      rule: LATENCY_P95_RULE,
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
      rule: {
        metricName: 'Errors',
        stat: 'Sum',
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        threshold: 5,
        comparison: 'GreaterThanOrEqualToThreshold',
      },
      description: `checkout-api fails requests: 5 errors a minute in 3 of 5 minutes. Runbook: ${runbook(
        'timeout.md#a-triage-in-3-minutes',
      )}`,
      tags: { severity: 'page', service: 'checkout-api' },
      state: inAlarmSince(
        35,
        'Threshold Crossed: 3 out of the last 5 datapoints [20.0, 20.0, 20.0] were greater than or equal to the threshold (5.0).',
      ),
    }),
    lambdaAlarm({
      name: 'checkout-api-throttles',
      functionName: 'checkout-api',
      rule: {
        metricName: 'Throttles',
        stat: 'Sum',
        period: 60,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: 1,
        comparison: 'GreaterThanOrEqualToThreshold',
      },
      // Deliberately without a runbook link: the coverage scorecard must flag it.
      description:
        'checkout-api is throttled: its reserved concurrency may be too low.',
      tags: { severity: 'ticket', service: 'checkout-api' },
      state: inAlarmSince(
        38,
        'Threshold Crossed: 1 datapoint [2.0] was greater than or equal to the threshold (1.0).',
      ),
    }),
    lambdaAlarm({
      name: 'checkout-api-duration',
      functionName: 'checkout-api',
      rule: {
        metricName: 'Duration',
        stat: 'p99',
        period: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        threshold: 2500,
        comparison: 'GreaterThanThreshold',
      },
      description: `p99 Duration of checkout-api close to its 3 s timeout. Runbook: ${runbook(
        'timeout.md',
      )}`,
      // No severity tag: the alarm is unclassified.
      tags: { service: 'checkout-api' },
      state: inAlarmSince(
        37,
        'Threshold Crossed: 3 out of the last 3 datapoints [2800.0, 2800.0, 2800.0] were greater than the threshold (2500.0).',
      ),
    }),
    builder.compositeAlarm({
      name: 'checkout-api-user-impact',
      description: `Users of checkout-api are hurt: errors or near-timeouts. Runbook: ${runbook(
        'timeout.md#a-triage-in-3-minutes',
      )}`,
      state: inAlarmSince(
        35,
        `${SCENARIO_ARNS.alarm('checkout-api-errors')} transitioned to ALARM`,
      ),
      tags: { severity: 'page', service: 'checkout-api' },
      rule: 'ALARM("checkout-api-errors") OR ALARM("checkout-api-duration")',
    }),
    lambdaAlarm({
      name: 'billing-events-dlq',
      functionName: 'billing-events',
      rule: DEAD_LETTER_RULE,
      description: `Events of billing-events go to its dead-letter queue. Runbook: ${runbook(
        'dlq-growth.md#a-triage-in-3-minutes',
      )}`,
      tags: { severity: 'ticket', service: 'billing-events' },
      state: inAlarmSince(
        30,
        'Threshold Crossed: 1 out of the last 60 datapoints [1.0] was greater than or equal to the threshold (1.0).',
      ),
    }),
    builder.metricMathAlarm({
      name: 'billing-events-error-rate',
      description: `Error rate of billing-events above 5 %. Runbook: ${runbook(
        'dlq-growth.md',
      )}`,
      state: OK_FOR_TWO_DAYS,
      tags: { severity: 'ticket', service: 'billing-events' },
      metrics: [
        lambdaMetricQuery('e', 'billing-events', 'Errors', 'Sum', 300),
        lambdaMetricQuery('i', 'billing-events', 'Invocations', 'Sum', 300),
        {
          Id: 'error_rate',
          Expression: '100*e/i',
          Label: 'Error rate (%)',
          ReturnData: true,
        },
      ],
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 5,
    }),
    lambdaAlarm({
      name: 'nightly-report-errors',
      functionName: 'nightly-report',
      rule: FAILED_RUN_RULE,
      // Hostile input: links that must never be rendered as clickable, and no http(s) URL.
      description:
        'The nightly report failed. Runbook: [open the runbook](javascript:alert(1)) or <a href="javascript:alert(1)">javascript:alert(1)</a>',
      tags: {},
      state: OK_FOR_TWO_DAYS,
    }),
  ];
}

/** The scenario alarms as an account's alarm source; built once per clock minute. */
export function scenarioAlarmSource(runbookBaseUrl: string): ScenarioAlarms {
  const types = new Map(
    scenarioAlarms(new Date(0), runbookBaseUrl).map(stored => [
      stored.alarm.AlarmName,
      stored.type,
    ]),
  );
  let builtAt: number | undefined;
  let built = new Map<string, StoredAlarm>();
  return {
    names: [...SCENARIO_ALARM_NAMES].sort(compareNames),
    typeOf: name => types.get(name) ?? 'MetricAlarm',
    build: (name, now) => {
      const origin = scenarioOrigin(now);
      if (origin !== builtAt) {
        built = new Map(
          scenarioAlarms(now, runbookBaseUrl).map(stored => [
            stored.alarm.AlarmName,
            stored,
          ]),
        );
        builtAt = origin;
      }
      return built.get(name);
    },
  };
}
