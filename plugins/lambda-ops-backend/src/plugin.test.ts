import { mockCredentials } from '@backstage/backend-test-utils';
import { startAwsEmulator, RunningAwsEmulator } from '@lambda-ops/aws-emulator';
import {
  PINNED_NOW,
  REAL_TIMERS,
  startLambdaOpsBackend,
} from './__testUtils__/testBackend';
import { requestCheckedByContract } from './__testUtils__/contract';

const NOW = PINNED_NOW;
const MINUTES_IN_30_DAYS = 30 * 24 * 60;

describe('lambda-ops backend plugin', () => {
  let emulator: RunningAwsEmulator;

  beforeAll(async () => {
    emulator = await startAwsEmulator({ port: 0, now: NOW });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW, doNotFake: [...REAL_TIMERS] });
    emulator.reset();
    emulator.setNow(NOW);
  });
  afterEach(() => jest.useRealTimers());

  const startBackend = (lambdaOps: object = {}) =>
    startLambdaOpsBackend({ emulator, lambdaOps });

  const operationsOf = (name: string) =>
    `/api/lambda-ops/v1/entities/default/component/${name}/operations`;

  it('answers /health without credentials', async () => {
    const server = await startBackend();
    const res = await requestCheckedByContract(server).get(
      '/api/lambda-ops/health',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses a request without credentials', async () => {
    const server = await startBackend();
    const res = await requestCheckedByContract(server)
      .get(operationsOf('orders-api'))
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
    expect(res.body.error.name).toBe('AuthenticationError');
  });

  it('answers 404 for an entity that does not exist or may not be read', async () => {
    const server = await startBackend();
    const res = await requestCheckedByContract(server)
      .get(operationsOf('no-such-service'))
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('component:default/no-such-service'),
    });
  });

  it('answers 400 for a malformed entity reference', async () => {
    const server = await startBackend();
    const res = await requestCheckedByContract(server)
      .get(
        '/api/lambda-ops/v1/entities/default/comp%24nent/orders-api/operations',
      )
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /\/v1\/entities\/<namespace>\/<kind>\/<name>/,
    );
  });

  it('computes the availability SLO of a healthy API from two GetMetricData calls', async () => {
    const server = await startBackend();
    const res = await requestCheckedByContract(server)
      .get(operationsOf('orders-api'))
      .set('authorization', mockCredentials.user.header());

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/orders-api',
      generatedAt: NOW.toISOString(),
      stale: false,
      pattern: 'api',
      functions: [
        {
          name: 'orders-api',
          region: 'us-east-1',
          accountId: null,
          qualifier: null,
        },
      ],
      // Its p95 Duration never broke 500 ms in 30 days: the SLI check's hint.
      problems: [
        {
          code: 'target-too-loose',
          message: expect.stringContaining(
            'SLO orders-api:latency never burned its budget in 30d',
          ),
        },
      ],
    });
    // 100 invocations and 0.02 errors a minute, no throttles, over 30 days.
    const invocations = 100 * MINUTES_IN_30_DAYS; // 4,320,000
    const errors = 0.02 * MINUTES_IN_30_DAYS; // 864
    const [slo] = res.body.slos;
    expect(slo).toMatchObject({
      id: 'orders-api:availability',
      source: 'cloudwatch',
      objective: 'availability',
      description: '99.9% of requests succeed over 30 days',
      target: 0.999,
      window: '30d',
      evaluation: 'request',
      status: 'ok',
    });
    expect(slo.attainment).toBeCloseTo(1 - errors / invocations, 10); // 0.9998
    expect(slo.errorBudget.total).toBeCloseTo(0.001 * invocations, 6); // 4,320
    expect(slo.errorBudget.consumed).toBeCloseTo(errors, 6);
    expect(slo.errorBudget.remaining).toBeCloseTo(0.8, 10);
    expect(slo.errorBudget.unit).toBe('requests');
    // The emulator publishes at once here: the windows end at the newest minute.
    expect(slo.dataThrough).toBe(NOW.toISOString());
    expect(res.body.dataLag).toBeNull();
    // The 30 days in 5-minute periods (4 queries) and the newest hours in minutes (4),
    // with the triage's 4 metrics in 5-minute periods.
    expect(emulator.stats()).toMatchObject({
      calls: { GetMetricData: 2 },
      getMetricDataQueries: 12,
    });
  });

  it('counts throttles as failed requests for an API burning budget since a deploy', async () => {
    const server = await startBackend();
    const res = await requestCheckedByContract(server)
      .get(operationsOf('checkout-api'))
      .set('authorization', mockCredentials.user.header());

    expect(res.status).toBe(200);
    expect(res.body.functions).toEqual([
      {
        name: 'checkout-api',
        region: 'us-east-1',
        accountId: '123456789012',
        qualifier: 'PROD',
      },
    ]);
    // 200 invocations a minute; before the deploy 0.1 errors a minute; in the 40 minutes
    // since, 20 errors and 2 throttles a minute.
    const invocations = 200 * MINUTES_IN_30_DAYS; // 8,640,000
    const throttles = 2 * 40; // 80
    const errors = 0.1 * (MINUTES_IN_30_DAYS - 40) + 20 * 40; // 4,316 + 800
    const total = invocations + throttles; // 8,640,080
    const bad = errors + throttles; // 5,196
    const [slo] = res.body.slos;
    expect(slo.attainment).toBeCloseTo(1 - bad / total, 10);
    expect(slo.errorBudget.total).toBeCloseTo(0.001 * total, 6); // 8,640.08
    expect(slo.errorBudget.consumed).toBeCloseTo(bad, 6);
    expect(slo.errorBudget.remaining).toBeCloseTo(
      1 - bad / (0.001 * total),
      10,
    ); // 0.3986
    // The last hour: 60 minutes of 200 requests, 40 of them burning since the deploy.
    const lastHourBad = 0.1 * 20 + 20 * 40 + 2 * 40; // 882
    const lastHourTotal = 200 * 60 + 2 * 40; // 12,080
    const last5mBad = 20 * 5 + 2 * 5;
    const last5mTotal = 200 * 5 + 2 * 5;
    expect(slo.burnRates[0]).toMatchObject({
      severity: 'page',
      longWindow: '1h',
      shortWindow: '5m',
      threshold: 14.4,
      firing: true,
    });
    expect(slo.burnRates[0].long).toBeCloseTo(
      lastHourBad / lastHourTotal / 0.001,
      6,
    ); // 73.0
    expect(slo.burnRates[0].short).toBeCloseTo(
      last5mBad / last5mTotal / 0.001,
      6,
    ); // 108.9
    expect(slo.status).toBe('page');
    // The fast burn began with the deploy, 40 minutes ago.
    expect(slo.burningSince).toBe(
      new Date(NOW.getTime() - 40 * 60_000).toISOString(),
    );
    expect(slo.burnDown).toHaveLength(31);
    expect(slo.burnDown[30].remaining).toBeCloseTo(
      slo.errorBudget.remaining,
      10,
    );

    // p95 Duration is 900 ms in the 8 five-minute periods since the deploy, 150 ms before.
    const latency = res.body.slos[1];
    expect(latency).toMatchObject({
      id: 'checkout-api:latency',
      objective: 'latency',
      evaluation: 'period',
      description:
        'p95 Duration under 500 ms in 99% of 5-minute periods over 30 days',
      target: 0.99,
      status: 'page',
    });
    expect(latency.attainment).toBeCloseTo(1 - 8 / 8640, 10);
    expect(latency.errorBudget).toEqual({
      total: expect.closeTo(0.01 * 8640 * 5, 8), // 432 minutes
      consumed: 40,
      remaining: expect.closeTo(1 - 40 / 432, 10),
      unit: 'minutes',
    });
    // Two calls for every SLI; the triage of the firing alarms adds none.
    expect(emulator.stats().calls.GetMetricData).toBe(2);
  });

  it('imports Application Signals SLOs beside the computed ones', async () => {
    const server = await startBackend();
    const res = await requestCheckedByContract(server)
      .get(operationsOf('checkout-api'))
      .set('authorization', mockCredentials.user.header());

    expect(res.status).toBe(200);
    const imported = res.body.slos.filter(
      (slo: { source: string }) => slo.source === 'application-signals',
    );
    // Discovered by key attributes Type=Service, Name=checkout-api,
    // Environment=lambda:default. Its report: attainment 99.9398617 %, 3,444 of 8,640
    // budget requests left, WARNING.
    expect(imported).toEqual([
      expect.objectContaining({
        objective: 'availability',
        target: 0.999,
        window: '30d',
        status: 'warning',
        attainment: expect.closeTo(0.999398617, 9),
        errorBudget: {
          total: 8640,
          consumed: 5196,
          remaining: expect.closeTo(3444 / 8640, 10),
          unit: 'requests',
        },
      }),
    ]);
  });

  it('computes event age and failed deliveries for an async consumer', async () => {
    const server = await startBackend();
    const res = await requestCheckedByContract(server)
      .get(operationsOf('billing-events'))
      .set('authorization', mockCredentials.user.header());

    expect(res.status).toBe(200);
    const [eventAge, failedDeliveries] = res.body.slos;
    // AsyncEventAge reached 7 minutes from 30 to 90 minutes ago: 13 five-minute periods.
    // The 6-hour row still burns (13 of 72 periods) and so does its 30-minute window (the
    // period 26–30 minutes ago); the 1-hour row's newest 5 minutes are clean.
    expect(eventAge).toMatchObject({
      id: 'billing-events:event-age',
      objective: 'event-age',
      evaluation: 'period',
      target: 0.99,
      status: 'page',
    });
    expect(
      eventAge.burnRates.map((r: { firing: boolean }) => r.firing),
    ).toEqual([false, true, true]);
    expect(eventAge.burnRates[1].long).toBeCloseTo(13 / 72 / 0.01, 8);
    expect(eventAge.burnRates[1].short).toBeCloseTo(1 / 6 / 0.01, 8);
    expect(eventAge.attainment).toBeCloseTo(1 - 13 / 8640, 10);
    expect(eventAge.errorBudget.consumed).toBe(65);
    expect(eventAge.errorBudget.remaining).toBeCloseTo(1 - 65 / 432, 10); // 0.8495
    expect(failedDeliveries).toMatchObject({
      id: 'billing-events:failed-deliveries',
      objective: 'failed-deliveries',
      status: 'breached',
      counts: [
        { label: 'DeadLetterErrors', value: 10 },
        { label: 'DestinationDeliveryFailures', value: 0 },
        { label: 'AsyncEventsDropped', value: 0 },
        { label: 'Messages in DLQ billing-events-dlq', value: 10 },
      ],
      errorBudget: { consumed: 20, remaining: 0, unit: 'events' },
    });
    expect(emulator.stats().calls.GetMetricData).toBe(2);
  });

  it('computes success rate and completion by the deadline for a batch job', async () => {
    const server = await startBackend();
    const res = await requestCheckedByContract(server)
      .get(operationsOf('nightly-report'))
      .set('authorization', mockCredentials.user.header());

    expect(res.status).toBe(200);
    const [success, completion] = res.body.slos;
    // 30 nightly runs at 05:00 UTC; the one 3 days ago failed, the one 5 days ago took 25
    // minutes and missed the 05:20 deadline. Budget at 95 %: 1.5 runs.
    expect(success).toMatchObject({
      id: 'nightly-report:success-rate',
      target: 0.95,
      burnRates: [],
      errorBudget: { consumed: 1, unit: 'runs' },
      status: 'warning',
    });
    expect(success.attainment).toBeCloseTo(29 / 30, 10);
    expect(success.errorBudget.total).toBeCloseTo(1.5, 10);
    expect(success.errorBudget.remaining).toBeCloseTo(1 / 3, 10);
    expect(completion).toMatchObject({
      id: 'nightly-report:completion',
      description: '95% of daily runs finish by 05:20 UTC over 30 days',
      errorBudget: { consumed: 2, unit: 'runs' },
      status: 'breached',
    });
    expect(completion.attainment).toBeCloseTo(28 / 30, 10);
    expect(completion.errorBudget.remaining).toBeCloseTo(1 - 2 / 1.5, 10);
  });

  it('shows a function without traffic as no-data, not 100 %', async () => {
    const server = await startBackend();
    const res = await requestCheckedByContract(server)
      .get(operationsOf('legacy-api'))
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.slos).toHaveLength(2);
    for (const slo of res.body.slos) {
      expect(slo).toMatchObject({
        attainment: null,
        status: 'no-data',
        errorBudget: { total: 0, consumed: 0, remaining: null },
      });
    }
  });

  it('does not page a function called a few times an hour for its one error', async () => {
    const server = await startBackend();
    const res = await requestCheckedByContract(server)
      .get(operationsOf('webhook-relay'))
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const availability = res.body.slos.find(
      (slo: { objective: string }) => slo.objective === 'availability',
    );
    expect(availability.status).not.toBe('page');
    const [fastPage] = availability.burnRates;
    expect(fastPage.long).toBeGreaterThan(fastPage.threshold);
    expect(fastPage).toMatchObject({
      state: 'not-firing',
      insufficientTraffic: true,
      // 0.05 calls a minute and the one failed call: 3.95 requests in the hour.
      message: 'too little traffic to judge (4 requests in 1 h)',
    });
  });

  it('has the deploy gate block the burning function and allow the healthy one, a rollback included', async () => {
    const server = await startBackend();
    const gate = (entity: string, query: string) =>
      requestCheckedByContract(server)
        .get(
          operationsOf(entity).replace(/operations$/, `deploy-gate?${query}`),
        )
        .set('authorization', mockCredentials.user.header());
    const burning = await gate('checkout-api', 'env=PROD&version=43');
    expect(burning.status).toBe(200);
    expect(burning.body.decision).toBe('block');
    expect(burning.body.reasons.map((r: { code: string }) => r.code)).toContain(
      'page-burn',
    );
    const rollback = await gate('checkout-api', 'env=PROD&version=41');
    expect(rollback.body.decision).toBe('allow');
    expect(rollback.body.reasons[0].code).toBe('rollback');
    const healthy = await gate('orders-api', 'env=PROD');
    expect(healthy.body).toMatchObject({
      decision: 'allow',
      policy: { blockBelow: 0, warnBelow: 0.25 },
    });
  });

  it('lists malformed annotations as problems and still computes the SLO', async () => {
    const server = await startBackend();
    const res = await requestCheckedByContract(server)
      .get(operationsOf('inventory-api'))
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(
      res.body.problems.map((p: { annotation: string }) => p.annotation),
    ).toEqual([
      'lambda-ops/slo-pattern',
      'lambda-ops/slo-window',
      'lambda-ops/slo-availability',
    ]);
    expect(res.body.slos[0]).toMatchObject({
      target: 0.999,
      window: '30d',
      status: 'ok',
    });
  });

  it('explains how to annotate an entity that names no function', async () => {
    const server = await startBackend();
    const res = await requestCheckedByContract(server)
      .get(operationsOf('storefront'))
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.slos).toEqual([]);
    expect(res.body.problems).toEqual([
      expect.objectContaining({
        code: 'missing-annotation',
        message: expect.stringContaining('aws.com/lambda-function-name'),
      }),
    ]);
    expect(emulator.stats().calls.GetMetricData ?? 0).toBe(0);
  });

  it('rides out throttling with the SDK retry', async () => {
    // The SDK's adaptive rate limiter refills on the wall clock: let it tick.
    jest.useFakeTimers({
      now: NOW,
      doNotFake: [...REAL_TIMERS],
      advanceTimers: true,
    });
    const server = await startBackend();
    emulator.setKnobs({ throttle: { count: 1 } });
    const res = await requestCheckedByContract(server)
      .get(operationsOf('orders-api'))
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.slos[0].status).toBe('ok');
    // No aws-error: the retry got the answer.
    expect(res.body.problems.map((p: { code: string }) => p.code)).toEqual([
      'target-too-loose',
    ]);
    expect(emulator.stats().throttledCalls).toBe(1);
  });

  it('answers 503 with a clear message and no stack trace when AWS is down and nothing is cached', async () => {
    const server = await startBackend();
    emulator.setKnobs({ outage: true });
    const res = await requestCheckedByContract(server)
      .get(operationsOf('orders-api'))
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(503);
    expect(res.body.error.name).toBe('ServiceUnavailableError');
    expect(res.body.error.message).toMatch(/CloudWatch in us-east-1/);
    expect(res.body.error.stack).toBeUndefined();
    expect(res.body.response).toEqual({ statusCode: 503 });
  });

  it('serves the last good answer, marked stale, when AWS fails after the cache expired', async () => {
    const server = await startBackend({ cache: { ttl: { minutes: 1 } } });
    const fresh = await requestCheckedByContract(server)
      .get(operationsOf('orders-api'))
      .set('authorization', mockCredentials.user.header());
    expect(fresh.body.stale).toBe(false);

    // Within the TTL the cache answers and AWS is not asked again.
    await requestCheckedByContract(server)
      .get(operationsOf('orders-api'))
      .set('authorization', mockCredentials.user.header());
    expect(emulator.stats().calls.GetMetricData).toBe(2);

    jest.setSystemTime(new Date(NOW.getTime() + 5 * 60_000));
    emulator.setKnobs({ outage: true });
    const stale = await requestCheckedByContract(server)
      .get(operationsOf('orders-api'))
      .set('authorization', mockCredentials.user.header());
    expect(stale.status).toBe(200);
    expect(stale.body.stale).toBe(true);
    expect(stale.body.slos).toEqual(fresh.body.slos);
    expect(stale.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'aws-error' }),
        expect.objectContaining({
          code: 'stale-data',
          message: expect.stringMatching(
            /^data from 5 min ago — CloudWatch unavailable/,
          ),
        }),
      ]),
    );
  });
});
