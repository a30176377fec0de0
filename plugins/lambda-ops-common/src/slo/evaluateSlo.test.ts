import fc from 'fast-check';
import { evaluateSlo, evaluateZeroTolerance } from './evaluateSlo';
import { publishedDataEnd } from './publishedData';
import type { SliHistory } from './sliHistory';
import { availabilitySeries, SliSeries, thresholdSeries } from './sliSeries';

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

/** 500 requests every 5 minutes behind a period-based SLI: plenty for every row. */
const steadyTraffic = availabilitySeries(grid, { invocations: constant(500) });

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

  it('leaves the burn-down out when asked, every other figure the same', () => {
    const sli = availabilitySeries(grid, {
      invocations: constant(500),
      errors: constant(0.1),
    });
    const options = {
      target: 0.999,
      end: END,
      sloWindowSeconds: WINDOW_SECONDS,
      unit: 'requests' as const,
    };
    const full = evaluateSlo(sli, options);
    const lean = evaluateSlo(sli, { ...options, withBurnDown: false });
    expect(lean.burnDown).toEqual([]);
    expect({ ...lean, burnDown: full.burnDown }).toEqual(full);
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
      traffic: steadyTraffic,
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
      traffic: steadyTraffic,
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

describe('evaluateSlo on published minutes', () => {
  const MINUTE = 60_000;
  const RECENT_MINUTES = 6 * 60 + 10;

  /**
   * 1,000 requests a minute for 30 days, with `badPerMinute(m)` bad in minute m before
   * `through` (m = 1 is the newest); nothing after `through`, as if not yet published.
   * Coarse 5-minute periods up to the recent series, 1-minute periods from there.
   */
  function published(
    through: number,
    clockEnd: number,
    badPerMinute: (m: number) => number,
  ): SliHistory {
    const recentStart =
      Math.floor((clockEnd - RECENT_MINUTES * MINUTE) / 300_000) * 300_000;
    const coarseStart = recentStart - 30 * DAY_MS;
    const coarseBad = Array.from(
      { length: (30 * DAY_MS) / 300_000 },
      (_, i) => {
        const start = coarseStart + i * 300_000;
        let bad = 0;
        for (let k = 0; k < 5; k++) {
          bad += badPerMinute((through - start) / MINUTE - k);
        }
        return bad;
      },
    );
    const minutes = (clockEnd - recentStart) / MINUTE;
    const recentTotal: number[] = [];
    const recentBad: number[] = [];
    for (let i = 0; i < minutes; i++) {
      const m = (through - recentStart) / MINUTE - i;
      recentTotal.push(m >= 1 ? 1000 : 0);
      recentBad.push(m >= 1 ? badPerMinute(m) : 0);
    }
    const coarse: SliSeries = {
      start: coarseStart,
      periodSeconds: 300,
      bad: coarseBad,
      good: coarseBad.map(b => 5000 - b),
    };
    return {
      coarse,
      recent: {
        start: recentStart,
        periodSeconds: 60,
        bad: recentBad,
        good: recentBad.map((b, i) => recentTotal[i] - b),
      },
    };
  }
  const options = {
    target: 0.999,
    sloWindowSeconds: WINDOW_SECONDS,
    unit: 'requests' as const,
  };

  it('pages at every look across a 5-minute period while the data comes 2 minutes late', () => {
    // Burning at 30× (3 % errors) for the last 70 minutes, 0.1 ‰ before.
    for (let s = 0; s < 300; s += 15) {
      const now = END + s * 1000;
      const clockEnd = Math.floor(now / MINUTE) * MINUTE;
      const through = clockEnd - 2 * MINUTE;
      const sli = published(through, clockEnd, m => (m <= 70 ? 30 : 0.1));
      const end = publishedDataEnd({
        now,
        publishingLagMs: 3 * MINUTE,
        newestDataEnd: through,
      });
      const result = evaluateSlo(sli, { ...options, end });
      expect([s, result.status]).toEqual([s, 'page']);
      expect(result.dataThrough).toBe(new Date(through).toISOString());
      expect(result.burnRates[0]).toMatchObject({
        state: 'firing',
        long: expect.closeTo(30, 8),
        short: expect.closeTo(30, 8),
      });
      expect(result.burningSince).toBe(
        new Date(through - 70 * MINUTE).toISOString(),
      );
    }
  });

  it('reads a short window without published data as no-data, never ok', () => {
    // A quiet, healthy API whose newest 8 minutes are missing (data 8 minutes late).
    const clockEnd = END;
    const through = clockEnd - 8 * MINUTE;
    const sli = published(through, clockEnd, () => 0.1);
    const result = evaluateSlo(sli, {
      ...options,
      end: publishedDataEnd({
        now: clockEnd,
        publishingLagMs: 3 * MINUTE,
        newestDataEnd: through,
      }),
    });
    expect(result.burnRates[0]).toMatchObject({
      short: null,
      state: 'no-data',
      firing: false,
    });
    expect(result.burnRates[1].state).toBe('not-firing');
    expect(result.errorBudget.remaining).toBeCloseTo(0.9, 8);
    expect(result.status).toBe('no-data');
  });

  it('gives the same figures from coarse periods plus recent minutes as from coarse periods alone', () => {
    // A burst in the newest 40 minutes; before it, an error every 7th minute.
    const badPerMinute = (m: number) => {
      if (m <= 40) {
        return 20;
      }
      return m % 7 === 0 ? 1 : 0;
    };
    const spliced = published(END, END, badPerMinute);
    const coarseOnly = availabilitySeries(grid, {
      invocations: constant(5000),
      errors: {
        timestamps: Array.from({ length: grid.periods }, (_, i) => at(i)),
        values: Array.from({ length: grid.periods }, (_, i) => {
          let bad = 0;
          for (let k = 0; k < 5; k++) {
            bad += badPerMinute((grid.periods - i) * 5 - k);
          }
          return bad;
        }),
      },
    });
    const a = evaluateSlo(spliced, { ...options, end: END });
    const b = evaluateSlo(coarseOnly, { ...options, end: END });
    expect(a.attainment).toBeCloseTo(b.attainment!, 12);
    expect(a.errorBudget.remaining).toBeCloseTo(b.errorBudget.remaining!, 12);
    a.burnRates.forEach((row, i) => {
      expect(row.long).toBeCloseTo(b.burnRates[i].long!, 10);
      expect(row.short).toBeCloseTo(b.burnRates[i].short!, 10);
      expect(row.state).toBe(b.burnRates[i].state);
    });
    a.burnDown.forEach((point, i) => {
      expect(point.ts).toBe(b.burnDown[i].ts);
      expect(point.remaining).toBeCloseTo(b.burnDown[i].remaining!, 10);
    });
    expect(a.burningSince).toBe(b.burningSince);
  });

  it('ends the windows of a period-based SLI on its newest whole period', () => {
    // p95 over the threshold in the newest 8 periods; the data ends 3 minutes into a period.
    const sli = thresholdSeries(
      grid,
      {
        timestamps: Array.from({ length: grid.periods }, (_, i) => at(i)),
        values: Array.from({ length: grid.periods }, (_, i) =>
          i >= grid.periods - 8 ? 900 : 100,
        ),
      },
      500,
    );
    const result = evaluateSlo(sli, {
      target: 0.99,
      end: END + 3 * MINUTE,
      sloWindowSeconds: WINDOW_SECONDS,
      unit: 'minutes',
      traffic: steadyTraffic,
    });
    expect(result.dataThrough).toBe(new Date(END).toISOString());
    // 5 minutes: the newest period, bad; 1 hour: 8 of 12 periods.
    expect(result.burnRates[0].short).toBeCloseTo(100, 8);
    expect(result.burnRates[0].long).toBeCloseTo((8 / 12) * 100, 8);
    expect(result.errorBudget.consumed).toBe(40);
  });
});

describe('evaluateSlo dating a burn', () => {
  it('dates the burn of a period-based SLI to the minute from its minute verdicts', () => {
    // p95 at 900 ms since 11:23, a deploy's minute: the 5-minute periods of the clock
    // say 11:20, the minutes 11:23.
    const burning = (start: number) => start >= END - 37 * 60_000;
    const periods = thresholdSeries(
      grid,
      {
        timestamps: Array.from({ length: grid.periods }, (_, i) => at(i)),
        values: Array.from({ length: grid.periods }, (_, i) =>
          burning(at(i) + 240_000) ? 900 : 100,
        ),
      },
      500,
    );
    const recentStart = END - 6 * 3_600_000;
    const minutes = thresholdSeries(
      { start: recentStart, periodSeconds: 60, periods: 360 },
      {
        timestamps: Array.from(
          { length: 360 },
          (_, i) => recentStart + i * 60_000,
        ),
        values: Array.from({ length: 360 }, (_, i) =>
          burning(recentStart + i * 60_000) ? 900 : 100,
        ),
      },
      500,
    );
    const options = {
      target: 0.99,
      end: END,
      sloWindowSeconds: WINDOW_SECONDS,
      unit: 'minutes' as const,
      traffic: steadyTraffic,
    };
    expect(evaluateSlo(periods, options)).toMatchObject({
      status: 'page',
      burningSince: new Date(END - 40 * 60_000).toISOString(),
    });
    const dated = evaluateSlo(periods, { ...options, burnStartSli: minutes });
    expect(dated.burningSince).toBe(new Date(END - 37 * 60_000).toISOString());
    // The burn rates stay on the SLI's own periods.
    expect(dated.burnRates).toEqual(evaluateSlo(periods, options).burnRates);
  });
});

describe('evaluateSlo on a function called a few times an hour', () => {
  // 3 requests an hour (one every fourth 5-minute period) for 30 days, one of them failed
  // in the newest period.
  const every20Minutes = {
    timestamps: Array.from({ length: grid.periods / 4 }, (_, i) =>
      at(i * 4 + 3),
    ),
    values: new Array(grid.periods / 4).fill(1),
  };
  const oneError = { timestamps: [at(grid.periods - 1)], values: [1] };
  const options = {
    target: 0.999,
    end: END,
    sloWindowSeconds: WINDOW_SECONDS,
    unit: 'requests' as const,
  };

  it('does not page on one error, and says why the page rows cannot judge', () => {
    const result = evaluateSlo(
      availabilitySeries(grid, {
        invocations: every20Minutes,
        errors: oneError,
      }),
      options,
    );
    expect(result.status).not.toBe('page');
    expect(result.burnRates.slice(0, 2)).toEqual([
      expect.objectContaining({
        state: 'not-firing',
        insufficientTraffic: true,
        message: 'too little traffic to judge (3 requests in 1 h)',
      }),
      expect.objectContaining({
        state: 'not-firing',
        insufficientTraffic: true,
        message: 'too little traffic to judge (18 requests in 6 h)',
      }),
    ]);
    // The one error is a 33 % error rate in the hour: a page but for the guard.
    expect(result.burnRates[0].long).toBeGreaterThan(300);
  });

  it('pages on the same error once minEvents is lowered below the traffic', () => {
    const result = evaluateSlo(
      availabilitySeries(grid, {
        invocations: every20Minutes,
        errors: oneError,
      }),
      { ...options, minEvents: 3 },
    );
    expect(result.status).toBe('page');
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
