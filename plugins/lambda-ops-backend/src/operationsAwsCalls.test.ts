import { mockCredentials } from '@backstage/backend-test-utils';
import { startAwsEmulator, RunningAwsEmulator } from '@lambda-ops/aws-emulator';
import type { Slo } from '@lambda-ops/backstage-plugin-common';
import {
  fleetCollectorOfBackend,
  PINNED_NOW,
  REAL_TIMERS,
  startLambdaOpsBackend,
} from './__testUtils__/testBackend';
import { requestCheckedByContract } from './__testUtils__/contract';

/*
 * What one Operations tab costs in AWS calls, counted by the emulator that received them:
 * a cold page (the tab's own cache expired) while what changes rarely is still cached —
 * the alarm listing and the alarms' tags, the Application Signals SLO listing and the
 * SLOs' exclusion windows, the triage's function configuration — and the fleet collector
 * has stored the SLO metrics' periods; then a warm one. Alarms come from the listing,
 * never from DescribeAlarmsForMetric; the triage's metrics ride in the SLOs' one
 * GetMetricData call.
 */

/** What a cold page asks every time: the function's change events. */
const CHANGE_EVENTS = { ListEntityEvents: 1 };
/** A function with Application Signals SLOs: their budgets, read for every page. */
const BUDGET_REPORT = { BatchGetServiceLevelObjectiveBudgetReport: 1 };

/** Caches younger than the cold page, which comes two minutes after the first. */
const CACHED_CONFIG = {
  cache: { ttl: { minutes: 1 } },
  alarms: { listingTtl: { minutes: 30 } },
  applicationSignals: { listingTtl: { minutes: 30 } },
  triage: { functionFactsTtl: { minutes: 5 } },
};

const page = (
  server: Awaited<ReturnType<typeof startLambdaOpsBackend>>,
  entity: string,
) =>
  requestCheckedByContract(server)
    .get(`/api/lambda-ops/v1/entities/default/component/${entity}/operations`)
    .set('authorization', mockCredentials.user.header());

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

  /** Two minutes on: the tab's own cache has expired, the others have not. */
  const twoMinutesLater = () => {
    emulator.resetStats();
    const later = new Date(PINNED_NOW.getTime() + 2 * 60_000);
    jest.setSystemTime(later);
    emulator.setNow(later);
  };

  it.each([
    {
      entity: 'orders-api',
      case: 'a healthy api function',
      status: 'ok',
      // The 4 SLI queries in 5-minute periods since the stored ones end and in minutes
      // (4), with the triage's 4 metrics.
      queries: 4 + 4 + 4,
      others: { ...CHANGE_EVENTS, ...BUDGET_REPORT },
    },
    {
      entity: 'checkout-api',
      case: 'an api function paging since a deploy, its triage included',
      status: 'page',
      queries: 4 + 4 + 4,
      others: { ...CHANGE_EVENTS, ...BUDGET_REPORT },
    },
    {
      entity: 'billing-events',
      case: 'an async consumer with a dead-letter queue, paging',
      status: 'page',
      // 7 SLI queries; event age in minutes and the triage's 5 metrics (the dead-letter
      // queue's depth among them).
      queries: 7 + 1 + 5,
      others: CHANGE_EVENTS,
    },
    {
      entity: 'nightly-report',
      case: 'a batch job, which has no minute windows',
      status: 'warning',
      // The 30-day read of its 3 SLI queries with the triage's 4 metrics.
      queries: 3 + 4,
      others: CHANGE_EVENTS,
    },
  ])(
    'costs one GetMetricData call and at most 3 AWS calls for $case',
    async ({ entity, status, queries, others }) => {
      const fleet = fleetCollectorOfBackend();
      const server = await startLambdaOpsBackend({
        emulator,
        lambdaOps: CACHED_CONFIG,
        features: [fleet.feature],
      });
      await fleet.collector().refresh();
      // The first page lists the alarms and the SLOs and reads what the triage needs.
      const first = await page(server, entity);
      expect(first.status).toBe(200);

      twoMinutesLater();
      const cold = await page(server, entity);
      expect(cold.status).toBe(200);
      expect(cold.body.unavailable).toEqual([]);
      expect(cold.body.slos[0].status).toBe(status);
      expect(emulator.stats()).toMatchObject({
        calls: { GetMetricData: 1, ...others },
        getMetricDataQueries: queries,
      });
      expect(Object.keys(emulator.stats().calls).sort()).toEqual(
        ['GetMetricData', ...Object.keys(others)].sort(),
      );
      expect(emulator.stats().totalCalls).toBeLessThanOrEqual(3);

      // Within the tab's cache TTL AWS is not asked at all.
      emulator.resetStats();
      await page(server, entity);
      expect(emulator.stats().totalCalls).toBe(0);
    },
    60_000,
  );

  it('shows the same SLO figures from the stored periods as from a whole read of the window', async () => {
    const fleet = fleetCollectorOfBackend();
    const collected = await startLambdaOpsBackend({
      emulator,
      lambdaOps: CACHED_CONFIG,
      features: [fleet.feature],
    });
    const alone = await startLambdaOpsBackend({
      emulator,
      lambdaOps: CACHED_CONFIG,
    });
    await fleet.collector().refresh();
    twoMinutesLater();
    const fromStore = await page(collected, 'checkout-api');
    expect(emulator.stats().calls.GetMetricData).toBe(1);

    emulator.resetStats();
    const whole = await page(alone, 'checkout-api');
    // Without the collector's periods the page reads the window and the minutes apart.
    expect(emulator.stats().calls.GetMetricData).toBe(2);
    const figures = (body: { slos: Slo[] }) =>
      body.slos.map(({ id, attainment, errorBudget, burnRates, status }) => ({
        id,
        attainment,
        errorBudget,
        burnRates,
        status,
      }));
    expect(figures(fromStore.body)).toEqual(figures(whole.body));
    expect(fromStore.body.slos[0].status).toBe('page');
  }, 60_000);

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
