import { completionSeries, runsFromMetrics } from './batchCompletion';
import { countSince } from './sliSeries';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 29, 12, 0);

describe('runsFromMetrics', () => {
  it('reads a run from each period with invocations', () => {
    const grid = { start: NOW - DAY, periodSeconds: 300, periods: 288 };
    const runStart = Date.UTC(2026, 10, 29, 5, 0);
    const runs = runsFromMetrics(grid, {
      invocations: { timestamps: [runStart], values: [1] },
      errors: { timestamps: [runStart], values: [1] },
      maxDuration: { timestamps: [runStart], values: [540_000] },
    });
    expect(runs).toEqual([
      { start: runStart, durationMs: 540_000, failed: true },
    ]);
  });
});

describe('completionSeries', () => {
  const dailyRuns = (
    days: number,
    at: (day: number) => { h: number; m: number },
  ) =>
    Array.from({ length: days }, (_, d) => {
      const { h, m } = at(d);
      return {
        start: Date.UTC(2026, 10, 29 - d, h, m),
        durationMs: 9 * 60_000,
        failed: false,
      };
    });

  it('counts one event per deadline in the window, good when a run finished by it', () => {
    const runs = dailyRuns(30, () => ({ h: 5, m: 0 }));
    runs[3] = { ...runs[3], failed: true }; // 3 days ago: the run failed
    runs[5] = { ...runs[5], durationMs: 25 * 60_000 }; // 5 days ago: done 05:25
    const series = completionSeries(
      runs,
      { hour: 5, minute: 20, zone: 'UTC' },
      { start: NOW - 30 * DAY, end: NOW },
    );
    const counts = countSince(series, NOW - 30 * DAY);
    expect(counts).toEqual({ total: 30, bad: 2 });
  });

  it('applies the deadline in its own time zone', () => {
    // Daily runs at 20:50 UTC taking 15 minutes finish at 21:05 UTC: after 06:00 in Tokyo
    // (21:00 UTC), well before 06:00 UTC.
    const runs = dailyRuns(10, () => ({ h: 20, m: 50 })).map(run => ({
      ...run,
      durationMs: 15 * 60_000,
    }));
    const window = { start: NOW - 7 * DAY, end: NOW };
    const tokyo = completionSeries(
      runs,
      { hour: 6, minute: 0, zone: 'Asia/Tokyo' },
      window,
    );
    const utc = completionSeries(
      runs,
      { hour: 6, minute: 0, zone: 'UTC' },
      window,
    );
    expect(countSince(tokyo, window.start)).toEqual({ total: 7, bad: 7 });
    expect(countSince(utc, window.start)).toEqual({ total: 7, bad: 0 });
  });

  it('counts a day without a run as a missed deadline', () => {
    const runs = dailyRuns(10, () => ({ h: 5, m: 0 })).filter(
      (_, d) => d !== 2,
    );
    const series = completionSeries(
      runs,
      { hour: 6, minute: 0, zone: 'UTC' },
      { start: NOW - 10 * DAY, end: NOW },
    );
    expect(countSince(series, NOW - 10 * DAY)).toEqual({ total: 10, bad: 1 });
  });

  it('has no data when the job never ran in the window', () => {
    const series = completionSeries(
      [],
      { hour: 6, minute: 0, zone: 'UTC' },
      { start: NOW - 10 * DAY, end: NOW },
    );
    expect(countSince(series, NOW - 10 * DAY)).toEqual({ total: 0, bad: 0 });
  });
});
