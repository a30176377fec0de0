import { mockCredentials } from '@backstage/backend-test-utils';
import { RunningAwsEmulator, startAwsEmulator } from '@lambda-ops/aws-emulator';
import request from 'supertest';
import {
  PINNED_NOW,
  REAL_TIMERS,
  startLambdaOpsBackend,
} from './__testUtils__/testBackend';

const MINUTE = 60_000;
const operationsOf = (name: string) =>
  `/api/lambda-ops/v1/entities/default/component/${name}/operations`;

/**
 * CloudWatch publishes a minute of Lambda metrics a minute or more after it ends; the
 * emulator here holds each minute back 2 minutes, and the backend keeps its default
 * publishing lag of 3 minutes.
 */
describe('burn rates on metrics that arrive late', () => {
  let emulator: RunningAwsEmulator;
  let server: Awaited<ReturnType<typeof startLambdaOpsBackend>>;

  beforeAll(async () => {
    emulator = await startAwsEmulator({
      port: 0,
      now: PINNED_NOW,
      publishingLagSeconds: 120,
    });
  });
  afterAll(() => emulator.stop());
  beforeEach(async () => {
    jest.useFakeTimers({ now: PINNED_NOW, doNotFake: [...REAL_TIMERS] });
    emulator.reset();
    // Each look below is 15 s after the last: a 1-second cache never answers one.
    server = await startLambdaOpsBackend({
      emulator,
      lambdaOps: { cache: { ttl: 'PT1S' } },
    });
  });
  afterEach(() => jest.useRealTimers());

  const look = async (name: string, at: number) => {
    jest.setSystemTime(at);
    emulator.setNow(new Date(at));
    const res = await request(server)
      .get(operationsOf(name))
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };

  it('pages the burning API at every look across a whole 5-minute period', async () => {
    // checkout-api has burnt 200 requests a minute at 20 errors and 2 throttles since its
    // deploy 40 minutes before each look. Every 15 s covers each minute of the 5-minute
    // period at four offsets; the windows only move when the minute does.
    for (let s = 0; s < 300; s += 15) {
      const now = PINNED_NOW.getTime() + s * 1000;
      const body = await look('checkout-api', now);
      const [availability] = body.slos;
      const [fast] = availability.burnRates;
      // The newest published minute ends 2 minutes before the clock's minute.
      const through = Math.floor(now / MINUTE) * MINUTE - 2 * MINUTE;
      expect(availability.dataThrough).toBe(new Date(through).toISOString());
      // 5 minutes: 1,010 requests, 110 bad; the hour: 38 burning minutes of 60.
      expect(fast.short).toBeCloseTo(110 / 1010 / 0.001, 6);
      expect(fast.long).toBeCloseTo(
        (38 * 22 + 22 * 0.1) / (60 * 200 + 38 * 2) / 0.001,
        6,
      );
      expect([s, availability.status, fast.state]).toEqual([
        s,
        'page',
        'firing',
      ]);
      expect(body.dataLag).toBeNull();
      // Both SLOs date the burn to the deploy's minute, though the latency SLO counts
      // 5-minute periods of the clock: so the first move is still to roll back.
      const deployedAt = Math.floor(now / MINUTE) * MINUTE - 40 * MINUTE;
      expect(
        body.slos
          .slice(0, 2)
          .map((slo: { burningSince: string }) => slo.burningSince),
      ).toEqual([
        new Date(deployedAt).toISOString(),
        new Date(deployedAt).toISOString(),
      ]);
      expect(body.rollback?.message).toBe(
        'checkout-api: deployed 0 min before the burn started — roll back PROD to version 41 first',
      );
    }
    // Twenty whole page loads, triage included.
  }, 120_000);

  it('says how far behind the data is and never calls a lagging API ok', async () => {
    // The data is 9 minutes late: the 5-minute windows, ending 3 minutes before now, are
    // empty.
    emulator.setKnobs({ publishingLagSeconds: 9 * 60 });
    const body = await look('orders-api', PINNED_NOW.getTime() + 20_000);
    expect(body.dataLag).toEqual({
      minutes: 9,
      newestData: new Date(PINNED_NOW.getTime() - 9 * MINUTE).toISOString(),
    });
    const [availability] = body.slos;
    expect(
      availability.burnRates.map((r: { state: string }) => r.state),
    ).toEqual(['no-data', 'not-firing', 'not-firing']);
    expect(availability.status).toBe('no-data');
    // The budget still has its figures: 80 % left of a healthy 30 days.
    expect(availability.errorBudget.remaining).toBeCloseTo(0.8, 10);
  });
});
