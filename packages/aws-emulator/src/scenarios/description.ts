import { MINUTE_MS, scenarioOrigin } from '../clock';
import { BILLING_EVENTS_DLQ, ScenarioFunctionName } from './account';
import { ScenarioAlarmName } from './alarms';
import { nightlyReportRunMinutes, nightlyReportRunOutcome } from './metrics';
import { ScenarioSloName } from './slos';

/** What each scenario function is, for tests and demos that refer to them. */
export interface ScenarioDescription {
  functionName: ScenarioFunctionName;
  /** The Lambda Ops SLO pattern the function follows. */
  pattern: 'api' | 'async' | 'batch';
  summary: string;
  alarms: readonly ScenarioAlarmName[];
  /** Application Signals SLOs on the function. */
  slos: readonly ScenarioSloName[];
  /** SQS dead-letter queue, for async functions. */
  deadLetterQueue?: string;
}

export const SCENARIOS: Readonly<
  Record<ScenarioFunctionName, ScenarioDescription>
> = {
  'orders-api': {
    functionName: 'orders-api',
    pattern: 'api',
    summary:
      'Healthy synchronous API: 100 invocations and 0.02 errors a minute, p95 120 ms.',
    alarms: ['orders-api-errors', 'orders-api-latency-p95'],
    slos: ['orders-api-latency'],
  },
  'checkout-api': {
    functionName: 'checkout-api',
    pattern: 'api',
    summary:
      'Synchronous API burning its error budget since a deploy 40 minutes ago (20 errors and 2 throttles a minute, p99 2.8 s).',
    alarms: [
      'checkout-api-errors',
      'checkout-api-throttles',
      'checkout-api-duration',
      'checkout-api-user-impact',
    ],
    slos: ['checkout-api-availability'],
  },
  'billing-events': {
    functionName: 'billing-events',
    pattern: 'async',
    summary:
      'Queue consumer with an event-age backlog (m = 30…90) and 10 dead letters (m = 30…39).',
    alarms: ['billing-events-dlq', 'billing-events-error-rate'],
    slos: [],
    deadLetterQueue: BILLING_EVENTS_DLQ,
  },
  'nightly-report': {
    functionName: 'nightly-report',
    pattern: 'batch',
    summary:
      'Runs daily at 05:00 UTC; the run 3 runs back failed and the run 5 runs back took 25 minutes.',
    alarms: ['nightly-report-errors'],
    slos: [],
  },
  'legacy-api': {
    functionName: 'legacy-api',
    pattern: 'api',
    summary: 'No traffic at all: no datapoints for any metric.',
    alarms: [],
    slos: [],
  },
  'webhook-relay': {
    functionName: 'webhook-relay',
    pattern: 'api',
    summary:
      'A few calls an hour (0.05 a minute) and one error 10 minutes ago: too little traffic for the page rows to judge, so it does not page. Sundays 02:20–02:30 UTC, inside its declared maintenance window, 6 failed calls a minute.',
    alarms: [],
    slos: [],
  },
};

/** One run of nightly-report. */
export interface NightlyReportRun {
  /** Runs counted back from the most recent complete one (0). */
  index: number;
  startedAt: Date;
  failed: boolean;
  durationMs: number;
}

/** nightly-report's runs in the 90 days of data before `now`, most recent first. */
export function nightlyReportRuns(now: Date): NightlyReportRun[] {
  const origin = scenarioOrigin(now);
  return nightlyReportRunMinutes(origin).map((m, index) => ({
    index,
    startedAt: new Date(origin - m * MINUTE_MS),
    ...nightlyReportRunOutcome(index),
  }));
}
