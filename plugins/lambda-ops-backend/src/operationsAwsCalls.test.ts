import { mockCredentials } from '@backstage/backend-test-utils';
import { startAwsEmulator, RunningAwsEmulator } from '@lambda-ops/aws-emulator';
import {
  PINNED_NOW,
  REAL_TIMERS,
  startLambdaOpsBackend,
} from './__testUtils__/testBackend';
import { requestCheckedByContract } from './__testUtils__/contract';

/*
 * What one Operations tab costs in AWS calls, counted by the emulator that received them:
 * a cold page (the tab's own cache expired) while the alarm listing and the alarms' tags
 * are still cached, then a warm one. Alarms come from the listing, never from
 * DescribeAlarmsForMetric; the triage's metrics ride in the SLOs' GetMetricData calls.
 */

/** Application Signals: discovering the function's SLOs and its change events. */
const APPLICATION_SIGNALS = {
  ListServiceLevelObjectives: 1,
  ListEntityEvents: 1,
};
/** The budget reports of the Application Signals SLOs found (the demo's APIs have one). */
/** A function with Application Signals SLOs: their budgets and exclusion windows. */
const BUDGET_REPORT = {
  BatchGetServiceLevelObjectiveBudgetReport: 1,
  ListServiceLevelObjectiveExclusionWindows: 1,
};

describe('AWS calls of a cold Operations tab', () => {
  let emulator: RunningAwsEmulator;

  beforeAll(async () => {
    emulator = await startAwsEmulator({ port: 0, now: PINNED_NOW });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    jest.useFakeTimers({ now: PINNED_NOW, doNotFake: [...REAL_TIMERS] });
    emulator.reset();
    emulator.setNow(PINNED_NOW);
  });
  afterEach(() => jest.useRealTimers());

  it.each([
    {
      entity: 'orders-api',
      case: 'a healthy api function',
      status: 'ok',
      // 30 days in 5-minute periods (4 SLI queries); the newest 6 hours in minutes (4)
      // with the triage's 4 metrics in 5-minute periods.
      getMetricData: { calls: 2, queries: 4 + 4 + 4 },
      others: { ...APPLICATION_SIGNALS, ...BUDGET_REPORT },
    },
    {
      entity: 'checkout-api',
      case: 'an api function paging since a deploy',
      status: 'page',
      getMetricData: { calls: 2, queries: 4 + 4 + 4 },
      // The triage reads the function's configuration, concurrency and alias history.
      others: {
        ...APPLICATION_SIGNALS,
        ...BUDGET_REPORT,
        GetFunctionConfiguration: 1,
        GetFunctionConcurrency: 1,
        GetAlias: 1,
        ListVersionsByFunction: 1,
      },
    },
    {
      entity: 'billing-events',
      case: 'an async consumer with a dead-letter queue, paging',
      status: 'page',
      // 7 SLI queries over 30 days; event age in minutes and the triage's 5 metrics (the
      // dead-letter queue's depth among them) over the newest hours.
      getMetricData: { calls: 2, queries: 7 + 1 + 5 },
      others: {
        ...APPLICATION_SIGNALS,
        GetFunctionConfiguration: 1,
        GetFunctionConcurrency: 1,
      },
    },
    {
      entity: 'nightly-report',
      case: 'a batch job, which has no minute windows',
      status: 'warning',
      // The triage's 4 metrics join the one 30-day call.
      getMetricData: { calls: 1, queries: 3 + 4 },
      others: APPLICATION_SIGNALS,
    },
  ])(
    'costs $getMetricData.calls GetMetricData call(s), the triage included, for $case',
    async ({ entity, status, getMetricData, others }) => {
      const server = await startLambdaOpsBackend({
        emulator,
        lambdaOps: {
          cache: { ttl: { minutes: 1 } },
          alarms: { listingTtl: { minutes: 30 } },
        },
      });
      const page = () =>
        requestCheckedByContract(server)
          .get(
            `/api/lambda-ops/v1/entities/default/component/${entity}/operations`,
          )
          .set('authorization', mockCredentials.user.header());

      // The first page lists the alarms and reads their tags.
      const first = await page();
      expect(first.status).toBe(200);
      expect(emulator.stats().calls.DescribeAlarms).toBe(1);

      // Two minutes on, the tab's own cache has expired, the alarm listing has not.
      emulator.resetStats();
      jest.setSystemTime(new Date(PINNED_NOW.getTime() + 2 * 60_000));
      const cold = await page();
      expect(cold.status).toBe(200);
      expect(cold.body.unavailable).toEqual([]);
      expect(cold.body.slos[0].status).toBe(status);
      expect(emulator.stats()).toMatchObject({
        calls: { GetMetricData: getMetricData.calls, ...others },
        getMetricDataQueries: getMetricData.queries,
      });
      expect(Object.keys(emulator.stats().calls).sort()).toEqual(
        ['GetMetricData', ...Object.keys(others)].sort(),
      );

      // Within the tab's cache TTL AWS is not asked at all.
      emulator.resetStats();
      await page();
      expect(emulator.stats().totalCalls).toBe(0);
    },
    60_000,
  );

  it('judges a paging function by the last hour of the metrics that came with its SLOs', async () => {
    const server = await startLambdaOpsBackend({ emulator });
    const res = await requestCheckedByContract(server)
      .get(
        '/api/lambda-ops/v1/entities/default/component/checkout-api/operations',
      )
      .set('authorization', mockCredentials.user.header());
    const saturation = Object.fromEntries(
      res.body.triage.map((check: { check: string; message: string }) => [
        check.check,
        check.message,
      ]),
    );
    // 2 throttles a minute in the 40 minutes since the deploy; the 5-minute periods of
    // the newest 6 hours are cut to the last hour.
    expect(saturation).toMatchObject({
      throttles: expect.stringContaining(
        '80 throttled requests in the last hour',
      ),
      'duration-near-timeout': expect.stringContaining('of the 3 s timeout'),
      'memory-saturation': expect.stringContaining('of 512 MB'),
    });
    expect(emulator.stats().calls.GetMetricData).toBe(2);
  }, 60_000);
});
