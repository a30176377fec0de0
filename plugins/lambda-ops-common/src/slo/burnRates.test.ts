import fc from 'fast-check';
import {
  burnRateState,
  burnRateThreshold,
  computeBurnStart,
  computeBurnRate,
  computeBurnRates,
  insufficientTrafficMessage,
  minuteResolutionSeconds,
  WORKBOOK_BURN_RATE_WINDOWS,
} from './burnRates';
import type { SliHistory } from './sliHistory';
import type { SliSeries } from './sliSeries';

const DAY = 86_400;
const PERIOD = 300;

/** A 30-day series of 5-minute periods, with `bad(i)` bad of 1,000 events in period i. */
function series(
  days: number,
  bad: (periodsBeforeEnd: number) => number,
): SliSeries {
  const periods = (days * DAY) / PERIOD;
  const badCounts = Array.from({ length: periods }, (_, i) => bad(periods - i));
  return {
    start: 0,
    periodSeconds: PERIOD,
    bad: badCounts,
    good: badCounts.map(b => 1000 - b),
  };
}

describe('burnRateThreshold', () => {
  it.each([
    ['30 days', 30, [14.4, 6, 1]],
    ['28 days', 28, [13.44, 5.6, 0.9333333333]],
  ])(
    'gives the Workbook thresholds for a %s window',
    (_name, days, expected) => {
      const thresholds = WORKBOOK_BURN_RATE_WINDOWS.map(w =>
        burnRateThreshold(days * DAY, w),
      );
      thresholds.forEach((t, i) => expect(t).toBeCloseTo(expected[i], 8));
    },
  );

  it('spends exactly the row budget fraction when burning at the threshold for the long window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 90 }), days => {
        for (const window of WORKBOOK_BURN_RATE_WINDOWS) {
          const threshold = burnRateThreshold(days * DAY, window);
          const spent = (threshold * window.longWindowSeconds) / (days * DAY);
          expect(spent).toBeCloseTo(window.budgetFraction, 10);
        }
      }),
    );
  });
});

describe('computeBurnRate', () => {
  it('is the error rate over the allowed error rate', () => {
    expect(computeBurnRate({ total: 1000, bad: 30 }, 0.999)).toBeCloseTo(30, 8);
    expect(computeBurnRate({ total: 1000, bad: 1 }, 0.999)).toBeCloseTo(1, 8);
  });

  it('is null without events', () => {
    expect(computeBurnRate({ total: 0, bad: 0 }, 0.999)).toBeNull();
  });
});

describe('computeBurnRates', () => {
  const end = 30 * DAY * 1000;
  const options = { target: 0.999, sloWindowSeconds: 30 * DAY, end };

  it('fires nothing at a sustainable burn', () => {
    const rows = computeBurnRates(
      series(30, () => 1),
      options,
    );
    expect(rows.map(r => r.firing)).toEqual([false, false, false]);
    rows.forEach(row => {
      expect(row.long).toBeCloseTo(1, 8);
      expect(row.short).toBeCloseTo(1, 8);
    });
  });

  it('fires a page row only when both its windows exceed the threshold', () => {
    // 30 bad per 1,000 (burn rate 30) in the newest 5 minutes only: the short window of
    // the 1h row burns at 30, the long window at (30 + 11 × 1) / 12 ≈ 3.4.
    const rows = computeBurnRates(
      series(30, before => (before <= 1 ? 30 : 1)),
      options,
    );
    expect(rows[0]).toMatchObject({
      severity: 'page',
      longWindow: '1h',
      shortWindow: '5m',
      threshold: 14.4,
      firing: false,
    });
    expect(rows[0].short).toBeCloseTo(30, 8);
    expect(rows[0].long).toBeCloseTo(41 / 12, 8);
  });

  it('fires the fast page row when the burn has lasted the whole hour', () => {
    const rows = computeBurnRates(
      series(30, before => (before <= 12 ? 30 : 1)),
      options,
    );
    expect(rows[0].firing).toBe(true);
    expect(rows[0].long).toBeCloseTo(30, 8);
    // 6 h: (12 × 30 + 60 × 1) / 72 ≈ 5.83 < 6
    expect(rows[1].long).toBeCloseTo(420 / 72, 8);
    expect(rows[1].firing).toBe(false);
  });

  it('stops firing soon after the burn stops, thanks to the short window', () => {
    // An hour of burning that ended 10 minutes ago: the long hour still reads high.
    const rows = computeBurnRates(
      series(30, before => (before > 2 && before <= 14 ? 30 : 1)),
      options,
    );
    expect(rows[0].long).toBeGreaterThan(14.4);
    expect(rows[0].short).toBeCloseTo(1, 8);
    expect(rows[0].firing).toBe(false);
  });

  it('fires the ticket row on a slow, steady burn', () => {
    const rows = computeBurnRates(
      series(30, () => 2),
      options,
    );
    expect(rows.map(r => [r.severity, r.firing])).toEqual([
      ['page', false],
      ['page', false],
      ['ticket', true],
    ]);
  });

  it('reports null rates and no-data, not firing, without traffic', () => {
    const empty: SliSeries = {
      start: 0,
      periodSeconds: PERIOD,
      good: [0],
      bad: [0],
    };
    const rows = computeBurnRates(empty, options);
    rows.forEach(row => {
      expect(row).toMatchObject({
        long: null,
        short: null,
        firing: false,
        state: 'no-data',
      });
      // Nothing published is no sign of little traffic either.
      expect(row.insufficientTraffic).toBeUndefined();
    });
  });

  it('is no-data when only the short window holds no published data', () => {
    // The newest period is missing: the hour still burns, its 5 minutes are empty.
    const lagging = series(30, () => 30);
    lagging.good[lagging.good.length - 1] = 0;
    lagging.bad[lagging.bad.length - 1] = 0;
    const [fast] = computeBurnRates(lagging, options);
    expect(fast.long).toBeCloseTo(30, 8);
    expect(fast).toMatchObject({
      short: null,
      state: 'no-data',
      firing: false,
    });
  });

  it('reads the same burn rate from every window when the error rate is constant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), badPerPeriod => {
        const rows = computeBurnRates(
          series(4, () => badPerPeriod),
          {
            ...options,
            end: 4 * DAY * 1000,
          },
        );
        for (const row of rows) {
          expect(row.long).toBeCloseTo(badPerPeriod, 6);
          expect(row.short).toBeCloseTo(badPerPeriod, 6);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('computeBurnRates with little traffic', () => {
  const end = 30 * DAY * 1000;
  const options = { target: 0.999, sloWindowSeconds: 30 * DAY, end };
  const HOUR_PERIODS = 3600 / PERIOD;

  /**
   * 30 days of 5-minute periods: 1,000 good requests each, but in the newest hour only
   * `requests` requests, all in its newest period, a tenth of them failing.
   */
  function quietHour(requests: number): SliSeries {
    const periods = (30 * DAY) / PERIOD;
    const total = Array.from({ length: periods }, (_, i) => {
      const before = periods - i;
      if (before === 1) {
        return requests;
      }
      return before <= HOUR_PERIODS ? 0 : 1000;
    });
    const bad = total.map((_, i) => (i === periods - 1 ? requests / 10 : 0));
    return {
      start: 0,
      periodSeconds: PERIOD,
      bad,
      good: total.map((t, i) => t - bad[i]),
    };
  }

  it.each([
    [99, 100, 'not-firing', true],
    [100, 100, 'firing', false],
    [101, 100, 'firing', false],
    [12, 10, 'firing', false],
    [9, 10, 'not-firing', true],
  ])(
    'with %i requests in the 1 h window and minEvents %i, the fast page row is %s',
    (requests, minEvents, state, insufficient) => {
      const [fast] = computeBurnRates(quietHour(requests), {
        ...options,
        minEvents,
      });
      // A tenth failing is a burn rate of 100, far above 14.4 in both windows.
      expect(fast.long).toBeCloseTo(100, 8);
      expect(fast.short).toBeCloseTo(100, 8);
      expect(fast.state).toBe(state);
      expect(fast.firing).toBe(state === 'firing');
      expect(fast.insufficientTraffic ?? false).toBe(insufficient);
      expect(fast.message).toBe(
        insufficient
          ? `too little traffic to judge (${requests} requests in 1 h)`
          : undefined,
      );
    },
  );

  it('guards with 100 requests unless told otherwise', () => {
    const [atEdge] = computeBurnRates(quietHour(99), options);
    expect(atEdge.insufficientTraffic).toBe(true);
    const [enough] = computeBurnRates(quietHour(100), options);
    expect(enough.state).toBe('firing');
  });

  it('guards each row by its own long window', () => {
    const rows = computeBurnRates(quietHour(10), options);
    expect(rows[0].insufficientTraffic).toBe(true);
    // The 6 h window also holds 60 busy periods of 1,000 requests before the quiet hour.
    expect(rows[1].insufficientTraffic).toBeUndefined();
    expect(rows[2].insufficientTraffic).toBeUndefined();
  });

  it('counts the requests inside the periods of a period-based SLI, not the periods', () => {
    // Every 5-minute period of the last 6 hours breaks the latency threshold: 72 bad
    // periods, which alone would pass for enough events.
    const periods = (30 * DAY) / PERIOD;
    const latency: SliSeries = {
      start: 0,
      periodSeconds: PERIOD,
      bad: Array.from({ length: periods }, (_, i) =>
        periods - i <= 72 ? 1 : 0,
      ),
      good: Array.from({ length: periods }, (_, i) =>
        periods - i <= 72 ? 0 : 1,
      ),
    };
    const requestsPerPeriod = (perPeriod: number): SliSeries => ({
      start: 0,
      periodSeconds: PERIOD,
      good: new Array(periods).fill(perPeriod),
      bad: new Array(periods).fill(0),
    });
    const trickle = computeBurnRates(latency, {
      ...options,
      traffic: requestsPerPeriod(1),
    });
    expect(trickle.slice(0, 2).map(row => row.message)).toEqual([
      'too little traffic to judge (12 requests in 1 h)',
      'too little traffic to judge (72 requests in 6 h)',
    ]);
    expect(trickle.map(row => row.firing)).toEqual([false, false, true]);

    const busy = computeBurnRates(latency, {
      ...options,
      traffic: requestsPerPeriod(10),
    });
    expect(busy.slice(0, 2).map(row => row.state)).toEqual([
      'firing',
      'firing',
    ]);
  });
});

describe('insufficientTrafficMessage', () => {
  it.each([
    [12, 3600, 'too little traffic to judge (12 requests in 1 h)'],
    [1, 21600, 'too little traffic to judge (1 request in 6 h)'],
    [0, 259200, 'too little traffic to judge (0 requests in 3 d)'],
    [
      3.9499999999999975,
      3600,
      'too little traffic to judge (4 requests in 1 h)',
    ],
  ])('says %i requests in %i s as "%s"', (requests, seconds, expected) => {
    expect(insufficientTrafficMessage(requests, seconds)).toBe(expected);
  });
});

describe('burnRateState', () => {
  // Each comparison alone at the threshold of each Workbook row: a row fires only when
  // both windows EXCEED it, so equal is not enough on either side.
  const thresholds = WORKBOOK_BURN_RATE_WINDOWS.map(w =>
    burnRateThreshold(30 * DAY, w),
  );
  it.each(
    thresholds.flatMap(t => [
      [`long exactly at ${t}, short above`, t, t * 2, t, 'not-firing'],
      [`short exactly at ${t}, long above`, t * 2, t, t, 'not-firing'],
      [`both a hair above ${t}`, t + 1e-9, t + 1e-9, t, 'firing'],
      [`long without data, short above ${t}`, null, t * 2, t, 'no-data'],
      [`short without data, long above ${t}`, t * 2, null, t, 'no-data'],
    ]) as Array<[string, number | null, number | null, number, string]>,
  )('%s', (_name, long, short, threshold, expected) => {
    expect(burnRateState(long, short, threshold)).toBe(expected);
  });
});

describe('computeBurnRates at the threshold', () => {
  // 1,000 requests a minute over the newest 6 hours on top of 5-minute periods of 5,000:
  // the 6h/30m row (threshold 6) and the 3d/6h ticket row (threshold 1) exactly at their
  // thresholds, with whole numbers of bad requests so that the rates are exact.
  const END = 4 * DAY * 1000;
  const RECENT_MINUTES = 360;
  const COARSE_PERIODS = (4 * DAY) / PERIOD - RECENT_MINUTES / 5;
  function history(
    badPerMinute: (minutesBeforeEnd: number) => number,
    badPerPeriod: (periodsBeforeRecent: number) => number,
  ): SliHistory {
    const recentBad = Array.from({ length: RECENT_MINUTES }, (_, i) =>
      badPerMinute(RECENT_MINUTES - i),
    );
    const coarseBad = Array.from({ length: COARSE_PERIODS }, (_, i) =>
      badPerPeriod(COARSE_PERIODS - i),
    );
    return {
      coarse: {
        start: 0,
        periodSeconds: PERIOD,
        bad: coarseBad,
        good: coarseBad.map(b => 5000 - b),
      },
      recent: {
        start: END - RECENT_MINUTES * 60_000,
        periodSeconds: 60,
        bad: recentBad,
        good: recentBad.map(b => 1000 - b),
      },
    };
  }
  /** Bad requests a minute: the value of the first `[up to minute m, bad]` that holds. */
  const perMinute =
    (...segments: Array<[number, number]>) =>
    (m: number) =>
      segments.find(([upTo]) => m <= upTo)![1];
  const rowsOf = (sli: SliHistory) =>
    computeBurnRates(sli, {
      target: 0.999,
      sloWindowSeconds: 30 * DAY,
      end: END,
    });

  it('does not fire the 6h/30m row with 6 hours exactly at 6 and 30 minutes at 10', () => {
    // 30 × 10 + 210 × 6 + 120 × 5 = 2,160 bad of 360,000: 0.6 % = 6 × 0.1 %.
    const [, row] = rowsOf(
      history(perMinute([30, 10], [240, 6], [360, 5]), () => 5),
    );
    expect(row).toMatchObject({ threshold: 6, long: 6, short: 10 });
    expect(row.state).toBe('not-firing');
  });

  it('does not fire the 6h/30m row with 30 minutes exactly at 6 and 6 hours above', () => {
    const [, row] = rowsOf(history(perMinute([30, 6], [360, 12]), () => 5));
    expect(row).toMatchObject({ threshold: 6, short: 6 });
    expect(row.long).toBeCloseTo((30 * 6 + 330 * 12) / 360, 10);
    expect(row.state).toBe('not-firing');
  });

  it('fires the 6h/30m row once the 6 hours hold one bad request more', () => {
    const [, row] = rowsOf(
      history(perMinute([30, 10], [31, 7], [240, 6], [360, 5]), () => 5),
    );
    expect(row.long).toBeCloseTo(2161 / 360, 10);
    expect(row.state).toBe('firing');
  });

  it('does not fire the ticket row with 3 days exactly at 1 and 6 hours at 2', () => {
    // 3 days = 792 periods + 360 minutes, 4,320,000 requests: 4,320 bad is a rate of 1.
    // 360 × 2 + 432 × 5 + 360 × 4 = 4,320.
    const ticket = rowsOf(
      history(
        () => 2,
        p => (p <= 432 ? 5 : 4),
      ),
    )[2];
    expect(ticket).toMatchObject({ threshold: 1, long: 1, short: 2 });
    expect(ticket.state).toBe('not-firing');
  });

  it('does not fire the ticket row with 6 hours exactly at 1 and 3 days above', () => {
    const ticket = rowsOf(
      history(
        () => 1,
        () => 10,
      ),
    )[2];
    expect(ticket).toMatchObject({ threshold: 1, short: 1 });
    expect(ticket.long).toBeCloseTo((360 + 792 * 10) / 4320, 10);
    expect(ticket.state).toBe('not-firing');
  });
});

describe('minuteResolutionSeconds', () => {
  it('reads the page rows and every short window on minutes: up to 6 hours', () => {
    expect(minuteResolutionSeconds()).toBe(6 * 3600);
  });
});

describe('computeBurnStart', () => {
  const end = 30 * DAY * 1000;
  const options = { target: 0.999, threshold: 14.4, end };

  it('finds the start of the unbroken fast burn before now', () => {
    // The newest 8 periods (40 minutes) burn at 30.
    const burning = series(30, before => (before <= 8 ? 30 : 1));
    expect(computeBurnStart(burning, options)).toBe(end - 8 * PERIOD * 1000);
  });

  it('is null when the newest period does not burn fast', () => {
    const recovered = series(30, before =>
      before > 1 && before <= 8 ? 30 : 1,
    );
    expect(computeBurnStart(recovered, options)).toBeNull();
  });

  it('steps over periods without events', () => {
    const gappy = series(30, before => (before <= 8 ? 30 : 1));
    gappy.good[gappy.good.length - 3] = 0;
    gappy.bad[gappy.bad.length - 3] = 0;
    expect(computeBurnStart(gappy, options)).toBe(end - 8 * PERIOD * 1000);
  });
});
