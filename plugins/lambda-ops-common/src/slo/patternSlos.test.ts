import type { LambdaOpsEntitySettings } from '../annotations/parseLambdaOpsAnnotations';
import { ORDERS_API, ordersApiSettings } from '../__testUtils__/ordersApi';
import { evaluatePatternSlos, SloDatapoints } from './patternSlos';
import { Datapoints, PeriodValues } from './sliSeries';

const DAYS = 30;
const PERIOD_SECONDS = 3600;
const END = Date.parse('2026-11-29T12:00:00Z');
const START = END - DAYS * 86_400_000;
const GRID = {
  start: START,
  periodSeconds: PERIOD_SECONDS,
  periods: (DAYS * 86_400) / PERIOD_SECONDS,
};
const FN = ORDERS_API;
const settingsFor = ordersApiSettings;

/** One datapoint an hour, the values given repeated over the window. */
function hourly(value: number, hours = GRID.periods): Datapoints {
  return {
    timestamps: Array.from({ length: hours }, (_, i) => START + i * 3_600_000),
    values: Array.from({ length: hours }, () => value),
  };
}

function evaluate(
  settings: LambdaOpsEntitySettings,
  coarse: SloDatapoints = {},
) {
  return evaluatePatternSlos(
    FN,
    settings,
    { coarse: GRID, end: END, days: DAYS, minEvents: 100 },
    { coarse, recent: {} },
  );
}

describe('evaluatePatternSlos', () => {
  it.each([
    [
      'api: availability over requests and latency over periods',
      { 'lambda-ops/slo-pattern': 'api' },
      [
        ['orders-api:availability', 0.999, 'request', 'requests', 'ratio'],
        ['orders-api:latency', 0.99, 'period', 'minutes', 'ratio'],
      ],
    ],
    [
      'async: event age over periods and zero-tolerance failed deliveries',
      { 'lambda-ops/slo-pattern': 'async' },
      [
        ['orders-api:event-age', 0.99, 'period', 'minutes', 'ratio'],
        [
          'orders-api:failed-deliveries',
          1,
          'request',
          'events',
          'zero-tolerance',
        ],
      ],
    ],
    [
      'batch without a deadline: the success rate of runs only',
      { 'lambda-ops/slo-pattern': 'batch' },
      [['orders-api:success-rate', 0.95, 'request', 'runs', 'ratio']],
    ],
    [
      'batch with a deadline: completion by the deadline too',
      {
        'lambda-ops/slo-pattern': 'batch',
        'lambda-ops/batch-deadline': '06:00 Asia/Tokyo@99',
      },
      [
        ['orders-api:success-rate', 0.95, 'request', 'runs', 'ratio'],
        ['orders-api:completion', 0.99, 'request', 'runs', 'ratio'],
      ],
    ],
  ])('%s', (_name, annotations, expected) => {
    const slos = evaluate(settingsFor(annotations));
    expect(
      slos.map(slo => [
        slo.id,
        slo.target,
        slo.evaluation,
        slo.errorBudget.unit,
        slo.budgetKind,
      ]),
    ).toEqual(expected);
    for (const slo of slos) {
      expect(slo).toMatchObject({
        source: 'cloudwatch',
        window: '30d',
        deployBeforeBurn: null,
      });
    }
  });

  it.each([
    ['api', { 'lambda-ops/slo-pattern': 'api' }],
    [
      'async with a dead-letter queue',
      {
        'lambda-ops/slo-pattern': 'async',
        'lambda-ops/dead-letter-queue': 'orders-dlq',
      },
    ],
    [
      'batch with a deadline',
      {
        'lambda-ops/slo-pattern': 'batch',
        'lambda-ops/batch-deadline': '06:00 Asia/Tokyo@99',
      },
    ],
  ])(
    '%s: the same SLOs from period values as from the datapoints they hold',
    (_name, annotations) => {
      // Hours with and without datapoints, a burn in the last day.
      const values = (of: (hour: number) => number) =>
        Float64Array.from({ length: GRID.periods }, (_, hour) =>
          hour % 7 === 3 ? NaN : of(hour),
        );
      const metrics = {
        invocations: values(hour => 100 + (hour % 5)),
        errors: values(hour => (hour > GRID.periods - 24 ? 20 : hour % 2)),
        throttles: values(hour => (hour % 11 === 0 ? 3 : 0)),
        latency: values(hour => 300 + (hour % 13) * 40),
        maxDuration: values(hour => 60_000 + hour),
        eventAge: values(hour => (hour % 9) * 20_000),
        deadLetterErrors: values(hour => (hour === 40 ? 1 : 0)),
        dlqMessages: values(hour => hour % 3),
      };
      const asPeriodValues: SloDatapoints = {};
      const asDatapoints: SloDatapoints = {};
      for (const [metric, series] of Object.entries(metrics)) {
        const periodValues: PeriodValues = {
          start: START,
          periodSeconds: PERIOD_SECONDS,
          values: series,
        };
        const hours = [...series.keys()].filter(i => !Number.isNaN(series[i]));
        asPeriodValues[metric as keyof SloDatapoints] = periodValues;
        asDatapoints[metric as keyof SloDatapoints] = {
          timestamps: hours.map(i => START + i * 3_600_000),
          values: hours.map(i => series[i]),
        };
      }
      const settings = settingsFor(annotations);
      const fromDatapoints = evaluate(settings, asDatapoints);
      expect(fromDatapoints.some(slo => slo.errorBudget.consumed > 0)).toBe(
        true,
      );
      expect(evaluate(settings, asPeriodValues)).toEqual(fromDatapoints);
    },
  );

  it('describes the objectives with the entity’s own targets', () => {
    const slos = evaluate(
      settingsFor({
        'lambda-ops/slo-pattern': 'api',
        'lambda-ops/slo-availability': '99.5',
        'lambda-ops/slo-latency': 'p99<800ms@95',
      }),
    );
    expect(slos.map(slo => slo.description)).toEqual([
      '99.5% of requests succeed over 30 days',
      'p99 Duration under 800 ms in 95% of 60-minute periods over 30 days',
    ]);
  });

  describe('failed deliveries allow no failure at all', () => {
    const settings = settingsFor({
      'lambda-ops/slo-pattern': 'async',
      'lambda-ops/dlq': 'orders-dlq',
    });

    it.each([
      ['none', {}, 'ok', 0],
      [
        'one dead-letter error',
        { deadLetterErrors: hourly(1, 1) },
        'breached',
        1,
      ],
      [
        'messages still in the DLQ, counted as the newest depth',
        { dlqMessages: { timestamps: [START, END - 1], values: [9, 2] } },
        'breached',
        2,
      ],
    ])('with %s', (_name, data, status, failures) => {
      const slo = evaluate(settings, data).find(
        s => s.objective === 'failed-deliveries',
      )!;
      expect(slo.status).toBe(status);
      expect(slo.errorBudget.consumed).toBe(failures);
      expect(slo.description).toMatch(/or messages waiting in the DLQ/);
    });
  });

  describe('event age is compared in the unit of its source', () => {
    it.each([
      [
        'Lambda’s AsyncEventAge in milliseconds: 200 s is under 5 minutes',
        'async-event-age',
        200_000,
        1,
      ],
      [
        'Lambda’s AsyncEventAge in milliseconds: 400 s is over',
        'async-event-age',
        400_000,
        0,
      ],
      [
        'SQS’s age of the oldest message in seconds: 200 s is under',
        'source-queue',
        200,
        1,
      ],
      [
        'SQS’s age of the oldest message in seconds: 400 s is over',
        'source-queue',
        400,
        0,
      ],
    ] as const)('%s', (_name, source, age, attainment) => {
      const settings: LambdaOpsEntitySettings = {
        ...settingsFor({ 'lambda-ops/slo-pattern': 'async' }),
        eventAgeSource: source,
        sourceQueue:
          source === 'source-queue'
            ? { name: 'orders-queue', region: null, accountId: null }
            : null,
      };
      const slo = evaluate(settings, { eventAge: hourly(age) }).find(
        s => s.objective === 'event-age',
      )!;
      expect(slo.attainment).toBe(attainment);
    });
  });

  describe('with a maintenance window declared', () => {
    // Errors in every request of one hour, the hour of the maintenance.
    const maintenanceHour = Date.parse('2026-11-22T02:00:00Z');
    const hour = (GRID.periods * (maintenanceHour - START)) / (END - START);
    const errors: Datapoints = {
      timestamps: [maintenanceHour],
      values: [1000],
    };
    const coarse = {
      invocations: hourly(1000),
      errors,
      latency: {
        ...hourly(100),
        values: hourly(100).values.map((v, i) => (i === hour ? 900 : v)),
      },
    };
    const annotation = {
      'lambda-ops/exclusion-windows':
        '[{schedule: "0 2 * * SUN", duration: 1h, reason: Weekly database maintenance}]',
    };

    it('leaves the maintenance out of every budget and lists its occurrences', () => {
      const slos = evaluate(settingsFor(annotation), coarse);
      expect(
        slos.map(slo => [slo.objective, slo.errorBudget.remaining]),
      ).toEqual([
        ['availability', 1],
        ['latency', 1],
      ]);
      expect(slos[0].exclusionWindows.map(w => w.start)).toEqual([
        '2026-11-01T02:00:00.000Z',
        '2026-11-08T02:00:00.000Z',
        '2026-11-15T02:00:00.000Z',
        '2026-11-22T02:00:00.000Z',
        '2026-11-29T02:00:00.000Z',
      ]);
      expect(slos[0].exclusionWindows[0]).toMatchObject({
        end: '2026-11-01T03:00:00.000Z',
        reason: 'Weekly database maintenance',
        source: 'annotation',
        schedule: '0 2 * * SUN',
      });
    });

    it('charges the same hour when the annotation is malformed', () => {
      const settings = settingsFor({
        'lambda-ops/exclusion-windows':
          '[{schedule: "0 2 * * SUN", reason: x}]',
      });
      const slos = evaluate(settings, coarse);
      expect(settings.problems).toEqual([
        expect.objectContaining({ annotation: 'lambda-ops/exclusion-windows' }),
      ]);
      expect(slos[0].errorBudget.remaining).toBeLessThan(0);
      expect(slos[0].exclusionWindows).toEqual([]);
    });
  });
});
