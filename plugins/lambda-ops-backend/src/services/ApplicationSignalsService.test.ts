import {
  RunningAwsEmulator,
  sloArn,
  startAwsEmulator,
} from '@lambda-ops/aws-emulator';
import { lambdaInUsEast1 } from '../__fixtures__/functions';
import { ApplicationSignalsService } from './ApplicationSignalsService';
import {
  applicationSignalsClientsAt,
  ACCESS_DENIED_ANSWER,
  startFixedAnswerServer,
} from '../__testUtils__/applicationSignalsEndpoints';

// The emulator's clock is pinned, so its budget reports are exact.
const NOW = new Date('2026-11-29T12:00:00Z');
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const ANNOTATION = 'lambda-ops/application-signals-slos';

function serviceAt(endpoint: string): ApplicationSignalsService {
  return new ApplicationSignalsService({
    clients: applicationSignalsClientsAt(endpoint),
  });
}

describe('ApplicationSignalsService', () => {
  let emulator: RunningAwsEmulator;
  let service: ApplicationSignalsService;

  beforeAll(async () => {
    emulator = await startAwsEmulator({ port: 0, now: NOW });
    service = serviceAt(emulator.url);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  describe('where the SLOs are discovered by the key attributes of the function', () => {
    it('imports checkout-api’s request-based availability SLO with its figures converted', async () => {
      const { slos, problems } = await service.getSlos(
        lambdaInUsEast1('checkout-api'),
        [],
        NOW,
      );

      // 30 days: 8,640,000 invocations + 80 throttles; 5,116 errors + 80 throttles.
      const total = 8_640_080;
      const bad = 5_196;
      const totalBudget = Math.floor(0.001 * total); // 8,640 whole requests
      const budgetLeft = totalBudget - bad; // 3,444
      expect(problems).toEqual([]);
      expect(slos).toEqual([
        {
          id: 'checkout-api:application-signals:checkout-api-availability',
          source: 'application-signals',
          objective: 'availability',
          description:
            '99.9% of requests succeed over 30 days (Application Signals)',
          target: 0.999,
          window: '30d',
          evaluation: 'request',
          attainment: expect.any(Number),
          errorBudget: {
            total: totalBudget,
            consumed: bad,
            remaining: expect.any(Number),
            unit: 'requests',
          },
          burnRates: [],
          status: 'warning',
          burnDown: [],
          counts: [],
          burningSince: null,
          dataThrough: null,
          budgetKind: 'ratio',
          deployBeforeBurn: null,
          // Its weekly patching window, every Tuesday of the 30 days before NOW.
          exclusionWindows: ['03', '10', '17', '24'].map(day => ({
            start: `2026-11-${day}T03:00:00.000Z`,
            end: `2026-11-${day}T04:00:00.000Z`,
            reason: 'Weekly patching of the payment gateway',
            source: 'application-signals',
            schedule: 'cron(0 3 ? * TUE *)',
          })),
        },
      ]);
      expect(slos[0].attainment).toBeCloseTo(1 - bad / total, 10); // 0.99939862
      expect(slos[0].errorBudget.remaining).toBeCloseTo(
        budgetLeft / totalBudget,
        10,
      ); // 0.3986
      expect(emulator.stats().calls).toEqual({
        ListServiceLevelObjectives: 1,
        BatchGetServiceLevelObjectiveBudgetReport: 1,
        ListServiceLevelObjectiveExclusionWindows: 1,
      });
    });

    it('imports orders-api’s period-based latency SLO with its budget in minutes', async () => {
      const { slos } = await service.getSlos(
        lambdaInUsEast1('orders-api'),
        [],
        NOW,
      );

      // 1 % of 30 days = 25,920 budget seconds; p95 is 120 ms in every period, none bad.
      const budgetMinutes = (0.01 * 30 * DAY_MS) / MINUTE_MS; // 432
      expect(slos).toEqual([
        expect.objectContaining({
          id: 'orders-api:application-signals:orders-api-latency',
          objective: 'latency',
          description:
            '99% of 5-minute periods meet p95 Duration < 500 ms over 30 days (Application Signals)',
          target: 0.99,
          window: '30d',
          evaluation: 'period',
          attainment: 1,
          errorBudget: {
            total: budgetMinutes,
            consumed: 0,
            remaining: 1,
            unit: 'minutes',
          },
          status: 'ok',
        }),
      ]);
    });

    it('reports the budget as it stood at the given moment', async () => {
      const beforeDeploy = new Date(NOW.getTime() - 60 * MINUTE_MS);
      const { slos } = await service.getSlos(
        lambdaInUsEast1('checkout-api'),
        [],
        beforeDeploy,
      );

      // 8,640,000 requests, 4,320 failed: half the 8,640-request budget is left.
      expect(slos[0]).toMatchObject({
        attainment: 0.9995,
        errorBudget: { total: 8_640, consumed: 4_320, remaining: 0.5 },
        status: 'ok',
      });
    });

    it('shows SLOs without traffic in the window as no-data, not 100 %', async () => {
      const beforeAnyData = new Date(NOW.getTime() - 120 * DAY_MS);
      const [checkout] = (
        await service.getSlos(
          lambdaInUsEast1('checkout-api'),
          [],
          beforeAnyData,
        )
      ).slos;
      const [orders] = (
        await service.getSlos(lambdaInUsEast1('orders-api'), [], beforeAnyData)
      ).slos;

      expect(checkout).toMatchObject({
        attainment: null,
        status: 'no-data',
        errorBudget: {
          total: 0,
          consumed: 0,
          remaining: null,
          unit: 'requests',
        },
      });
      expect(orders).toMatchObject({
        attainment: null,
        status: 'no-data',
        errorBudget: {
          total: 432,
          consumed: 0,
          remaining: null,
          unit: 'minutes',
        },
      });
    });

    it('finds nothing, without asking for budget reports, for a function without SLOs', async () => {
      const result = await service.getSlos(
        lambdaInUsEast1('legacy-api'),
        [],
        NOW,
      );

      expect(result).toEqual({ slos: [], problems: [] });
      expect(emulator.stats().calls).toEqual({ ListServiceLevelObjectives: 1 });
    });
  });

  describe('where the annotation names the SLOs', () => {
    it('imports them by name and by ARN without listing', async () => {
      const { slos, problems } = await service.getSlos(
        lambdaInUsEast1('checkout-api'),
        ['checkout-api-availability', sloArn('orders-api-latency')],
        NOW,
      );

      expect(slos.map(slo => slo.id)).toEqual([
        'checkout-api:application-signals:checkout-api-availability',
        'checkout-api:application-signals:orders-api-latency',
      ]);
      expect(problems).toEqual([]);
      expect(emulator.stats().calls).toEqual({
        BatchGetServiceLevelObjectiveBudgetReport: 1,
        ListServiceLevelObjectiveExclusionWindows: 2,
      });
    });

    it('lists a name that does not exist as a problem and still imports the others', async () => {
      const { slos, problems } = await service.getSlos(
        lambdaInUsEast1('checkout-api'),
        ['checkout-api-availability', 'checkout-api-availabilty'],
        NOW,
      );

      expect(slos.map(slo => slo.id)).toEqual([
        'checkout-api:application-signals:checkout-api-availability',
      ]);
      expect(problems).toEqual([
        {
          code: 'invalid-annotation',
          annotation: ANNOTATION,
          message: `The SLO "checkout-api-availabilty" named in ${ANNOTATION} was not found in Application Signals in us-east-1; check the name or ARN`,
        },
      ]);
    });

    it('asks for budget reports 50 SLOs at a time, the most one call takes', async () => {
      const unknown = Array.from({ length: 118 }, (_, i) => `no-such-slo-${i}`);
      const { slos, problems } = await service.getSlos(
        lambdaInUsEast1('checkout-api'),
        ['checkout-api-availability', ...unknown, 'orders-api-latency'],
        NOW,
      );

      expect(emulator.stats().calls).toEqual({
        BatchGetServiceLevelObjectiveBudgetReport: 3, // 50 + 50 + 20 ids
        ListServiceLevelObjectiveExclusionWindows: 2,
      });
      expect(slos).toHaveLength(2);
      expect(problems).toHaveLength(118);
      expect(problems.every(p => p.code === 'invalid-annotation')).toBe(true);
    });
  });

  describe('where Application Signals is not there', () => {
    it.each([
      [
        'an endpoint that answers 404 to everything',
        {
          status: 404,
          headers: { 'content-type': 'text/html' },
          body: '<h1>Not Found</h1>',
        },
        'HTTP 404',
      ],
    ])(
      'finds no SLOs behind %s, and names the cause only when SLOs were named',
      async (_case, answer, cause) => {
        const endpoint = await startFixedAnswerServer(answer);
        try {
          const absent = serviceAt(endpoint.url);

          await expect(
            absent.getSlos(lambdaInUsEast1('checkout-api'), [], NOW),
          ).resolves.toEqual({ slos: [], problems: [] });
          await expect(
            absent.getSlos(
              lambdaInUsEast1('checkout-api'),
              ['checkout-api-availability'],
              NOW,
            ),
          ).resolves.toEqual({
            slos: [],
            problems: [
              {
                code: 'aws-error',
                message: `Application Signals is not enabled in us-east-1 (${cause}), so the SLOs named in ${ANNOTATION} cannot be shown`,
              },
            ],
          });
        } finally {
          await endpoint.close();
        }
      },
    );
  });

  describe('where the role may not read Application Signals', () => {
    it.each([
      [
        'discovered',
        [],
        'application-signals:ListServiceLevelObjectives and application-signals:BatchGetServiceLevelObjectiveBudgetReport',
      ],
      [
        'named',
        ['checkout-api-availability'],
        'application-signals:BatchGetServiceLevelObjectiveBudgetReport',
      ],
    ])(
      'fails as access-denied, naming what to grant, for SLOs %s',
      async (_how, names, grant) => {
        const endpoint = await startFixedAnswerServer(ACCESS_DENIED_ANSWER);
        try {
          const failure = await serviceAt(endpoint.url)
            .getSlos(lambdaInUsEast1('checkout-api'), names, NOW)
            .catch(error => error);
          expect(failure).toMatchObject({
            name: 'ServiceUnavailableError',
            message: `The backend's role may not read Application Signals in us-east-1: grant ${grant} (see docs/iam-policy.json)`,
            awsFailure: {
              cause: 'access-denied',
              service: 'Application Signals',
            },
          });
        } finally {
          await endpoint.close();
        }
      },
    );
  });

  describe('where AWS fails', () => {
    it('rides out throttling with the SDK retry', async () => {
      emulator.setKnobs({ throttle: { count: 1 } });

      const { slos } = await service.getSlos(
        lambdaInUsEast1('checkout-api'),
        [],
        NOW,
      );

      expect(slos).toHaveLength(1);
      expect(emulator.stats()).toMatchObject({
        throttledCalls: 1,
        calls: {
          ListServiceLevelObjectives: 2,
          BatchGetServiceLevelObjectiveBudgetReport: 1,
        },
      });
    });

    it('throws a ServiceUnavailableError that says where, during an outage', async () => {
      emulator.setKnobs({ outage: true });

      await expect(
        service.getSlos(lambdaInUsEast1('checkout-api'), [], NOW),
      ).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(
          /^Application Signals in us-east-1 is unavailable \(ServiceUnavailableException\)/,
        ),
      });
    });
  });
});
