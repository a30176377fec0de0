import fc from 'fast-check';
import { evaluateSlo, evaluateZeroTolerance } from './evaluateSlo';
import { availabilitySeries, thresholdSeries } from './sliSeries';

const DAY_MS = 86_400_000;
const END = Date.UTC(2026, 10, 29, 12, 0);
const WINDOW_SECONDS = 30 * 86_400;
const grid = { start: END - 30 * DAY_MS, periodSeconds: 300, periods: 8640 };
const at = (i: number) => grid.start + i * 300_000;

function constant(value: number) {
  return {
    timestamps: Array.from({ length: grid.periods }, (_, i) => at(i)),
    values: new Array(grid.periods).fill(value),
  };
}

describe('evaluateSlo', () => {
  it('evaluates a request-based SLO: attainment, budget, burn rates, burn-down and status', () => {
    // 500 requests and 0.1 errors per 5 minutes: 4,320,000 requests, 864 errors in 30 days.
    const sli = availabilitySeries(grid, {
      invocations: constant(500),
      errors: constant(0.1),
    });
    const result = evaluateSlo(sli, {
      target: 0.999,
      end: END,
      sloWindowSeconds: WINDOW_SECONDS,
      unit: 'requests',
    });
    expect(result.attainment).toBeCloseTo(1 - 864 / 4_320_000, 10);
    expect(result.errorBudget.total).toBeCloseTo(4320, 6);
    expect(result.errorBudget.consumed).toBeCloseTo(864, 6);
    expect(result.errorBudget.remaining).toBeCloseTo(0.8, 8);
    expect(result.burnRates.map(r => r.long)).toEqual([
      expect.closeTo(0.2, 8),
      expect.closeTo(0.2, 8),
      expect.closeTo(0.2, 8),
    ]);
    expect(result.status).toBe('ok');
    expect(result.burnDown).toHaveLength(31);
    expect(result.burnDown[0]).toEqual({
      ts: new Date(grid.start).toISOString(),
      remaining: 1,
    });
    expect(result.burnDown[15].remaining).toBeCloseTo(0.9, 8);
    expect(result.burnDown[30]).toEqual({
      ts: new Date(END).toISOString(),
      remaining: expect.closeTo(0.8, 8),
    });
  });

  it('counts minutes for a period-based SLO and skips periods without data', () => {
    // p95 over the threshold in 100 periods, below it in 4,220, no traffic in the rest.
    const timestamps = Array.from({ length: 4320 }, (_, i) => at(i * 2));
    const values = timestamps.map((_, i) => (i < 100 ? 900 : 120));
    const sli = thresholdSeries(grid, { timestamps, values }, 500);
    const result = evaluateSlo(sli, {
      target: 0.99,
      end: END,
      sloWindowSeconds: WINDOW_SECONDS,
      unit: 'minutes',
    });
    expect(result.attainment).toBeCloseTo(1 - 100 / 4320, 10);
    expect(result.errorBudget).toEqual({
      total: expect.closeTo(0.01 * 4320 * 5, 8),
      consumed: 500,
      remaining: expect.closeTo(1 - 500 / 216, 8),
      unit: 'minutes',
    });
    expect(result.status).toBe('breached');
  });

  it('marks one bad period in an otherwise good window, and nothing else', () => {
    const sli = thresholdSeries(
      grid,
      {
        timestamps: Array.from({ length: grid.periods }, (_, i) => at(i)),
        values: Array.from({ length: grid.periods }, (_, i) =>
          i === 10 ? 800 : 100,
        ),
      },
      500,
    );
    const result = evaluateSlo(sli, {
      target: 0.99,
      end: END,
      sloWindowSeconds: WINDOW_SECONDS,
      unit: 'minutes',
    });
    expect(result.errorBudget.consumed).toBe(5);
    expect(result.errorBudget.remaining).toBeCloseTo(1 - 5 / 432, 10);
    expect(result.status).toBe('ok');
  });

  it('reports no-data, with null figures, for a window without traffic', () => {
    const sli = availabilitySeries(grid, {});
    const result = evaluateSlo(sli, {
      target: 0.999,
      end: END,
      sloWindowSeconds: WINDOW_SECONDS,
      unit: 'requests',
    });
    expect(result.attainment).toBeNull();
    expect(result.errorBudget.remaining).toBeNull();
    expect(result.status).toBe('no-data');
    expect(result.burnDown.every(p => p.remaining === null)).toBe(true);
  });

  it('pages when the fast burn rows fire, even with budget left', () => {
    const errors = constant(0.1);
    // The newest hour burns at 30× the sustainable rate.
    errors.values = errors.values.map((v, i) =>
      i >= grid.periods - 12 ? 15 : v,
    );
    const sli = availabilitySeries(grid, {
      invocations: constant(500),
      errors,
    });
    const result = evaluateSlo(sli, {
      target: 0.999,
      end: END,
      sloWindowSeconds: WINDOW_SECONDS,
      unit: 'requests',
    });
    expect(result.burnRates[0].firing).toBe(true);
    expect(result.errorBudget.remaining).toBeGreaterThan(0);
    expect(result.status).toBe('page');
  });

  it('has a burn-down that never rises and ends at the remaining budget', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 20 }), { minLength: 8640, maxLength: 8640 }),
        badCounts => {
          const sli = {
            start: grid.start,
            periodSeconds: 300,
            bad: badCounts,
            good: badCounts.map(b => 100 - b),
          };
          const result = evaluateSlo(sli, {
            target: 0.99,
            end: END,
            sloWindowSeconds: WINDOW_SECONDS,
            unit: 'requests',
          });
          const values = result.burnDown.map(p => p.remaining ?? 1);
          values
            .slice(1)
            .forEach((v, i) =>
              expect(v).toBeLessThanOrEqual(values[i] + 1e-12),
            );
          expect(values[values.length - 1]).toBeCloseTo(
            result.errorBudget.remaining ?? 1,
            10,
          );
          const total = 864_000;
          const bad = badCounts.reduce((a, b) => a + b, 0);
          expect(result.errorBudget.remaining).toBeCloseTo(
            1 - bad / (0.01 * total),
            8,
          );
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('evaluateZeroTolerance', () => {
  it('breaches on any failure and shows the count', () => {
    expect(evaluateZeroTolerance(10)).toMatchObject({
      status: 'breached',
      errorBudget: { consumed: 10, remaining: 0, unit: 'events' },
    });
  });

  it('is ok without failures', () => {
    expect(evaluateZeroTolerance(0).status).toBe('ok');
  });
});
