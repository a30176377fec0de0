import type { LambdaOpsEntitySettings } from '../annotations/parseLambdaOpsAnnotations';
import { ORDERS_API, ordersApiSettings } from '../__testUtils__/ordersApi';
import {
  evaluatePatternSlos,
  SloDatapoints,
  SloMetric,
  SloWindow,
} from './patternSlos';
import { SettledSloDay, settleSloDays } from './settledDays';
import { PeriodGrid, PeriodValues } from './sliSeries';

const DAY_MS = 86_400_000;
const PERIOD_MS = 300_000;
const DAYS = 30;
// The published data ends mid-day, so the window starts mid-day too.
const END = Date.parse('2026-11-29T13:47:00Z');
const GRID_START = Math.floor((END - DAYS * DAY_MS) / PERIOD_MS) * PERIOD_MS;
const GRID: PeriodGrid = {
  start: GRID_START,
  periodSeconds: 300,
  periods: Math.ceil((END - GRID_START) / PERIOD_MS),
};
const FN = ORDERS_API;

/** With a weekly maintenance hour declared. */
function settingsFor(
  annotations: Record<string, string>,
): LambdaOpsEntitySettings {
  return ordersApiSettings({
    'lambda-ops/exclusion-windows':
      '[{schedule: "0 2 * * SUN", duration: 1h, reason: Weekly database maintenance}]',
    ...annotations,
  });
}

/** Whole counts per period that vary from period to period, with periods of no data. */
function periods(
  valueAt: (index: number) => number,
  grid: PeriodGrid = GRID,
): PeriodValues {
  const values = new Float64Array(grid.periods);
  for (let i = 0; i < grid.periods; i++) {
    values[i] = i % 97 === 13 ? NaN : valueAt(i);
  }
  return { start: grid.start, periodSeconds: grid.periodSeconds, values };
}

// A fast burn over the newest hours, inside the days kept as periods.
const burning = (i: number) => i > GRID.periods - 30;
const DATA: SloDatapoints = {
  invocations: periods(i => 1000 + (i % 7) * 13),
  errors: periods(i => {
    if (burning(i)) {
      return 400;
    }
    return i % 211 === 0 ? 3 : 0;
  }),
  throttles: periods(i => i % 5),
  latency: periods(i => (i % 300 === 0 || burning(i) ? 900 : 120 + (i % 17))),
  eventAge: periods(i => (i % 400 === 0 ? 400_000 : 20_000)),
  deadLetterErrors: periods(i => (i % 500 === 3 ? 2 : 0)),
  destinationDeliveryFailures: periods(i => (i % 700 === 5 ? 1 : 0)),
  asyncEventsDropped: periods(() => 0),
  dlqMessages: periods(i => (i < GRID.periods - 2000 ? 4 : NaN)),
};

/** The datapoints of `[from, to)` alone, on a grid of their own. */
function slice(from: number, to: number) {
  const offset = (from - GRID.start) / PERIOD_MS;
  const length = Math.ceil((to - from) / PERIOD_MS);
  const data: SloDatapoints = {};
  for (const [metric, points] of Object.entries(DATA)) {
    data[metric as SloMetric] = {
      start: from,
      periodSeconds: 300,
      values: (points as PeriodValues).values.subarray(offset, offset + length),
    };
  }
  return { grid: { start: from, periodSeconds: 300, periods: length }, data };
}

const WINDOW: SloWindow = {
  coarse: GRID,
  end: END,
  days: DAYS,
  minEvents: 100,
  withBurnDown: false,
};

describe('settled days', () => {
  const firstDay = Math.floor(GRID.start / DAY_MS) * DAY_MS;
  const headEnd = firstDay + 2 * DAY_MS;
  const newestDays = Math.floor((END - 4 * DAY_MS) / DAY_MS) * DAY_MS;
  const dayStarts = Array.from(
    { length: (newestDays - headEnd) / DAY_MS },
    (_, i) => headEnd + i * DAY_MS,
  );
  /** The SLOs from the window's first days, the settled days and the newest days. */
  const evaluateFromDays = (
    settings: LambdaOpsEntitySettings,
    days: SettledSloDay[],
  ) => {
    const newest = slice(newestDays, END);
    return evaluatePatternSlos(
      FN,
      settings,
      {
        ...WINDOW,
        coarse: newest.grid,
        earlier: { head: slice(GRID.start, headEnd), days },
      },
      { coarse: newest.data, recent: {} },
    );
  };

  it.each([
    ['api', { 'lambda-ops/slo-pattern': 'api' }, ['page', 'page']],
    [
      'async with a DLQ',
      { 'lambda-ops/slo-pattern': 'async', 'lambda-ops/dlq': 'orders-dlq' },
      ['ok', 'breached'],
    ],
  ])(
    'give the %s SLOs the figures of the whole window',
    (_, annotations, statuses) => {
      const settings = settingsFor(annotations);
      const whole = evaluatePatternSlos(FN, settings, WINDOW, {
        coarse: DATA,
        recent: {},
      });
      const days = settleSloDays(
        settings,
        { grid: GRID, data: DATA },
        dayStarts,
      );
      const split = evaluateFromDays(settings, days);

      expect(split).toEqual(whole);
      // Not vacuous: budgets were spent, maintenance was left out.
      expect(whole[0].errorBudget.consumed).toBeGreaterThan(0);
      expect(whole[0].exclusionWindows.length).toBeGreaterThan(3);
      expect(whole.map(slo => slo.status)).toEqual(statuses);
      // Spent in the settled days too, not only in the periods read.
      expect(
        days.some(day => Object.values(day.counts).some(c => c!.bad > 0)),
      ).toBe(true);
    },
  );

  it('count each day on its own, as JSON keeps them', () => {
    const settings = settingsFor({ 'lambda-ops/slo-pattern': 'async' });
    const [day] = settleSloDays(settings, { grid: GRID, data: DATA }, [
      headEnd,
    ]);
    expect(JSON.parse(JSON.stringify(day))).toEqual(day);
    // 288 five-minute periods, each with an event age.
    expect(day.counts['event-age']!.total).toBeLessThanOrEqual(288);
    expect(day.counts['event-age']!.total).toBeGreaterThan(270);
    expect(day.latest.dlqMessages).toEqual({
      ts: headEnd + DAY_MS - PERIOD_MS,
      value: 4,
    });
  });

  it('must follow the head and lead up to the grid', () => {
    const settings = settingsFor({ 'lambda-ops/slo-pattern': 'api' });
    const days = settleSloDays(settings, { grid: GRID, data: DATA }, dayStarts);
    expect(() => evaluateFromDays(settings, days.slice(1))).toThrow(
      /does not follow/,
    );
  });

  it('are not kept for batch jobs, whose runs may cross midnight', () => {
    const settings = settingsFor({ 'lambda-ops/slo-pattern': 'batch' });
    expect(() => evaluateFromDays(settings, [])).toThrow(
      /batch pattern keeps no settled days/,
    );
  });
});
