import { nightlyReportRuns } from './description';

describe('nightlyReportRuns', () => {
  it('counts runs back from the latest 05:00 UTC minute that is complete', () => {
    // At 05:00:30 today's run minute is still under way: the latest run is yesterday's.
    const duringRun = nightlyReportRuns(new Date('2026-11-29T05:00:30Z'));
    expect(duringRun[0].startedAt).toEqual(new Date('2026-11-28T05:00:00Z'));
    // From 05:01 on, today's run is run 0.
    const afterRun = nightlyReportRuns(new Date('2026-11-29T05:01:00Z'));
    expect(afterRun[0].startedAt).toEqual(new Date('2026-11-29T05:00:00Z'));
  });

  it('has run 3 failed and run 5 slow, and 90 days of runs', () => {
    const runs = nightlyReportRuns(new Date('2026-11-29T12:00:00Z'));
    expect(runs).toHaveLength(90);
    expect(runs.filter(run => run.failed).map(run => run.startedAt)).toEqual([
      new Date('2026-11-26T05:00:00Z'),
    ]);
    expect(runs.filter(run => run.durationMs !== 540_000)).toEqual([
      {
        index: 5,
        startedAt: new Date('2026-11-24T05:00:00Z'),
        failed: false,
        durationMs: 1_500_000,
      },
    ]);
  });
});
