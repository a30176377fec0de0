import {
  countWithin,
  periodBoundaryAtOrBefore,
  SliHistory,
  sliPeriods,
} from './sliHistory';
import type { SliSeries } from './sliSeries';

const MINUTE = 60_000;

/** `periods` periods of `periodSeconds` from `start`, each with `bad` of `total` events. */
function series(
  start: number,
  periodSeconds: number,
  periods: number,
  total: number,
  bad: number,
): SliSeries {
  return {
    start,
    periodSeconds,
    good: new Array(periods).fill(total - bad),
    bad: new Array(periods).fill(bad),
  };
}

describe('sliPeriods', () => {
  it('lets the recent minutes take over where they start, counting nothing twice', () => {
    // Coarse 5-minute periods over an hour (the last one reaching past the recent start),
    // 1-minute periods over its last 10 minutes.
    const history: SliHistory = {
      coarse: series(0, 300, 12, 500, 5),
      recent: series(50 * MINUTE, 60, 10, 100, 2),
    };
    const periods = sliPeriods(history);
    expect(periods).toHaveLength(10 + 10);
    expect(periods[9]).toEqual({
      start: 45 * MINUTE,
      end: 50 * MINUTE,
      good: 495,
      bad: 5,
    });
    expect(periods[10].start).toBe(50 * MINUTE);
    expect(countWithin(periods, 0, 60 * MINUTE)).toEqual({
      total: 10 * 500 + 10 * 100,
      bad: 10 * 5 + 10 * 2,
    });
  });

  it('takes a single series as it is', () => {
    expect(sliPeriods(series(0, 300, 3, 10, 1)).map(p => p.end)).toEqual([
      5 * MINUTE,
      10 * MINUTE,
      15 * MINUTE,
    ]);
  });
});

describe('countWithin', () => {
  const periods = sliPeriods(series(0, 300, 12, 100, 1));

  it.each([
    ['whole periods inside the span', 0, 60 * MINUTE, 12],
    ['not a period cut by the old edge', 3 * MINUTE, 60 * MINUTE, 11],
    ['not a period cut by the new edge', 0, 58 * MINUTE, 11],
    ['nothing in a span shorter than a period', 1 * MINUTE, 4 * MINUTE, 0],
  ])('counts %s', (_name, from, to, periodCount) => {
    expect(countWithin(periods, from, to)).toEqual({
      total: 100 * periodCount,
      bad: periodCount,
    });
  });

  it.each([
    // Coarse 5-minute periods up to minute 30 (100 events, 1 bad), minutes after (20, 2).
    ['both resolutions', 0, 60 * MINUTE, 6, 30],
    [
      'from a cut coarse period into the minutes',
      7 * MINUTE,
      41 * MINUTE,
      4,
      11,
    ],
    ['the minutes alone', 30 * MINUTE, 35 * MINUTE, 0, 5],
    ['past both ends', -60 * MINUTE, 120 * MINUTE, 6, 30],
  ])(
    'counts %s where coarse periods give way to minutes',
    (_name, from, to, coarsePeriods, minutePeriods) => {
      const history = sliPeriods({
        coarse: series(0, 300, 12, 100, 1),
        recent: series(30 * MINUTE, 60, 30, 20, 2),
      });
      expect(countWithin(history, from, to)).toEqual({
        total: 100 * coarsePeriods + 20 * minutePeriods,
        bad: coarsePeriods + 2 * minutePeriods,
      });
    },
  );
});

describe('periodBoundaryAtOrBefore', () => {
  const fiveMinutes = sliPeriods(series(0, 300, 12, 100, 1));
  const minutes = sliPeriods({
    coarse: series(0, 300, 12, 100, 1),
    recent: series(30 * MINUTE, 60, 30, 20, 0),
  });

  it.each([
    ['a 5-minute SLI on its newest whole period', fiveMinutes, 58, 55],
    ['a 5-minute SLI on a boundary', fiveMinutes, 55, 55],
    ['a 1-minute SLI on the minute', minutes, 58, 58],
    ['any SLI at its last period when the end is past it', minutes, 75, 60],
  ])('ends %s', (_name, periods, endMinute, expectedMinute) => {
    expect(periodBoundaryAtOrBefore(periods, endMinute * MINUTE)).toBe(
      expectedMinute * MINUTE,
    );
  });
});
