import { evaluateSlo } from '../slo/evaluateSlo';
import type { SliSeries } from '../slo/sliSeries';
import {
  DeclaredExclusionWindow,
  excludeFromSeries,
  excludeFromSli,
  exclusionOccurrences,
  ExclusionInterval,
} from './exclusionWindows';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-11-01T00:00:00Z');

function oneOff(
  start: string,
  durationMs: number,
  reason = 'Migration',
): DeclaredExclusionWindow {
  return {
    reason,
    durationMs,
    start: Date.parse(start),
    recurrence: null,
    schedule: null,
    source: 'annotation',
  };
}

function cron(schedule: string, durationMs: number): DeclaredExclusionWindow {
  return {
    reason: 'Weekly maintenance',
    durationMs,
    start: null,
    recurrence: { cron: schedule },
    schedule,
    source: 'annotation',
  };
}

/** Twelve 5-minute periods from T0 with 10 good and 1 bad event each. */
function fiveMinuteSeries(): SliSeries {
  return {
    start: T0,
    periodSeconds: 300,
    good: Array(12).fill(10),
    bad: Array(12).fill(1),
  };
}

function excludedPeriodIndexes(
  exclusions: Pick<ExclusionInterval, 'start' | 'end'>[],
): number[] {
  const series = excludeFromSeries(fiveMinuteSeries(), exclusions);
  return series.good.flatMap((good, i) =>
    good === 0 && series.bad[i] === 0 ? [i] : [],
  );
}

const at = (minutes: number) => T0 + minutes * MINUTE;

describe('excludeFromSeries', () => {
  it.each([
    [
      'a window on period boundaries excludes exactly its periods',
      [{ start: at(10), end: at(20) }],
      [2, 3],
    ],
    [
      'a window starting and ending mid-period excludes every period it touches',
      [{ start: at(12), end: at(21) }],
      [2, 3, 4],
    ],
    [
      'a window ending exactly where a period starts leaves that period in',
      [{ start: at(7), end: at(15) }],
      [1, 2],
    ],
    [
      'overlapping windows exclude their union once',
      [
        { start: at(10), end: at(25) },
        { start: at(20), end: at(30) },
      ],
      [2, 3, 4, 5],
    ],
    [
      'a window that began before the series excludes its first periods',
      [{ start: at(-60), end: at(10) }],
      [0, 1],
    ],
    [
      'a one-minute window excludes its whole period',
      [{ start: at(33), end: at(34) }],
      [6],
    ],
  ])('%s', (_, exclusions, expected) => {
    expect(excludedPeriodIndexes(exclusions)).toEqual(expected);
  });

  it('removes excluded periods from both the good and the total counts', () => {
    const series = excludeFromSeries(fiveMinuteSeries(), [
      { start: at(0), end: at(30) },
    ]);
    const good = series.good.reduce((a, b) => a + b, 0);
    const bad = series.bad.reduce((a, b) => a + b, 0);
    expect({ good, bad }).toEqual({ good: 60, bad: 6 });
  });

  it('excludes the same time from the coarse and the recent periods of an SLI', () => {
    const recent: SliSeries = {
      start: at(30),
      periodSeconds: 60,
      good: Array(30).fill(1),
      bad: Array(30).fill(0),
    };
    const sli = excludeFromSli({ coarse: fiveMinuteSeries(), recent }, [
      { start: at(25), end: at(35) },
    ]);
    expect(sli.coarse.good.slice(4, 8)).toEqual([10, 0, 0, 10]);
    expect(sli.recent!.good.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 1]);
  });
});

describe('exclusionOccurrences', () => {
  const span = { start: T0, end: T0 + 30 * DAY };

  it('lists the occurrences of a weekly cron schedule in UTC, whatever the season', () => {
    // 25 October 2026 is after Europe's clocks went back and before America's did: a
    // schedule in UTC does not notice.
    const occurrences = exclusionOccurrences([cron('0 2 * * SUN', 2 * HOUR)], {
      start: Date.parse('2026-10-18T00:00:00Z'),
      end: Date.parse('2026-11-08T00:00:00Z'),
    });
    expect(occurrences.map(o => new Date(o.start).toISOString())).toEqual([
      '2026-10-18T02:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
      '2026-11-01T02:00:00.000Z',
    ]);
    expect(occurrences.every(o => o.end - o.start === 2 * HOUR)).toBe(true);
  });

  it('lists an occurrence that began before the span and reaches into it', () => {
    const occurrences = exclusionOccurrences(
      [oneOff('2026-10-31T23:00:00Z', 2 * HOUR)],
      span,
    );
    expect(occurrences).toEqual([
      expect.objectContaining({
        start: Date.parse('2026-10-31T23:00:00Z'),
        end: Date.parse('2026-11-01T01:00:00Z'),
      }),
    ]);
  });

  it('leaves out occurrences that end where the span starts or start where it ends', () => {
    expect(
      exclusionOccurrences(
        [
          oneOff('2026-10-31T22:00:00Z', 2 * HOUR),
          oneOff('2026-12-01T00:00:00Z', HOUR),
        ],
        span,
      ),
    ).toEqual([]);
  });

  it('counts a scheduled occurrence that starts exactly at the span start', () => {
    const occurrences = exclusionOccurrences([cron('0 0 * * *', HOUR)], span);
    expect(occurrences[0].start).toBe(T0);
    expect(occurrences).toHaveLength(30);
  });

  it('repeats a rate from its start time', () => {
    const occurrences = exclusionOccurrences(
      [
        {
          ...oneOff('2026-10-20T06:00:00Z', HOUR),
          recurrence: { everyMs: 7 * DAY },
          schedule: 'rate(7 days)',
        },
      ],
      span,
    );
    expect(occurrences.map(o => new Date(o.start).toISOString())).toEqual([
      '2026-11-03T06:00:00.000Z',
      '2026-11-10T06:00:00.000Z',
      '2026-11-17T06:00:00.000Z',
      '2026-11-24T06:00:00.000Z',
    ]);
  });

  it('bounds the occurrences of a schedule that fires every minute', () => {
    expect(
      exclusionOccurrences([cron('* * * * *', MINUTE)], span).length,
    ).toBeLessThanOrEqual(2000);
  });
});

describe('an SLO with its maintenance left out', () => {
  it('keeps the budget of a window in which only the maintenance failed', () => {
    const hours = 24;
    const bad = Array(hours).fill(0);
    bad[3] = 500; // every request failed in the maintenance hour
    const series: SliSeries = {
      start: T0,
      periodSeconds: 3600,
      good: Array(hours)
        .fill(1000)
        .map((g, i) => (i === 3 ? 500 : g)),
      bad,
    };
    const options = {
      target: 0.999,
      end: T0 + DAY,
      sloWindowSeconds: 86_400,
      unit: 'requests' as const,
      burnRateWindows: [],
    };
    const maintenance = exclusionOccurrences(
      [oneOff('2026-11-01T03:00:00Z', HOUR)],
      { start: T0, end: T0 + DAY },
    );
    const withIt = evaluateSlo(series, options);
    const without = evaluateSlo(excludeFromSli(series, maintenance), options);
    expect(withIt.errorBudget.remaining).toBeLessThan(0);
    expect(without.errorBudget.remaining).toBe(1);
    expect(without.errorBudget.total).toBeCloseTo(0.001 * 23_000);
    expect(without.attainment).toBe(1);
  });
});
