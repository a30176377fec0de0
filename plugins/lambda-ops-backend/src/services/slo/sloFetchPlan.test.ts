import { minuteResolutionSeconds } from '@lambda-ops/backstage-plugin-common';
import {
  gridReaching,
  retainedPeriodSeconds,
  sloFetchPlan,
} from './sloFetchPlan';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Datapoints one GetMetricData request returns before it pages (AWS limit). */
const MAX_DATAPOINTS_PER_REQUEST = 100_800;
const at = (iso: string) => new Date(`2026-11-29T${iso}Z`);

describe('sloFetchPlan', () => {
  it('reads 30 days in 5-minute periods and the newest 6 hours and a bit in minutes', () => {
    const plan = sloFetchPlan({
      now: at('12:04:30'),
      windowDays: 30,
      publishingLagMs: 3 * MINUTE,
      minuteWindowSeconds: minuteResolutionSeconds(),
    });
    // The windows end at 12:01 at the earliest (now − 3 minutes) and 12:04 at the latest.
    expect(plan.clockEnd).toBe(at('12:04:00').getTime());
    expect(plan.coarse).toEqual({
      start: at('12:00:00').getTime() - 30 * DAY,
      periodSeconds: 300,
      periods: 8_641,
    });
    expect(plan.recent).toEqual({
      start: at('06:00:00').getTime(),
      periodSeconds: 60,
      periods: 364,
    });
  });

  it('reads nothing in minutes for a pattern without minute windows', () => {
    const plan = sloFetchPlan({
      now: at('12:04:30'),
      windowDays: 30,
      publishingLagMs: 3 * MINUTE,
      minuteWindowSeconds: 0,
    });
    expect(plan.recent).toBeUndefined();
  });

  it.each([
    [14, 300],
    [62, 300],
    [63, 3600],
    [90, 3600],
  ])(
    'reads a %i-day window in %i-second periods: hourly once CloudWatch keeps no 5-minute data for its start',
    (windowDays, periodSeconds) => {
      const plan = sloFetchPlan({
        now: at('12:04:30'),
        windowDays,
        publishingLagMs: 3 * MINUTE,
        minuteWindowSeconds: minuteResolutionSeconds(),
      });
      expect(plan.coarse.periodSeconds).toBe(periodSeconds);
    },
  );

  it('asks only what CloudWatch answers, in one request per call for an api function, for every window and lag', () => {
    const now = at('12:04:30');
    for (let windowDays = 1; windowDays <= 90; windowDays++) {
      for (const lagMinutes of [0, 1, 3, 10]) {
        const plan = sloFetchPlan({
          now,
          windowDays,
          publishingLagMs: lagMinutes * MINUTE,
          minuteWindowSeconds: minuteResolutionSeconds(),
        });
        for (const grid of [plan.coarse, plan.recent!]) {
          const retained = retainedPeriodSeconds(now.getTime() - grid.start);
          // A finer period than CloudWatch keeps for that StartTime returns nothing, and
          // a StartTime off its grid would be rounded down under the math's feet.
          expect([windowDays, grid.periodSeconds % retained]).toEqual([
            windowDays,
            0,
          ]);
          expect(grid.start % (retained * 1000)).toBe(0);
          // The api pattern's four queries stay within one request's datapoints; the
          // async pattern's seven (with the requests behind the low-traffic guard) take
          // a second page past 50 days.
          expect(4 * grid.periods).toBeLessThanOrEqual(
            MAX_DATAPOINTS_PER_REQUEST,
          );
          expect(7 * grid.periods).toBeLessThanOrEqual(
            2 * MAX_DATAPOINTS_PER_REQUEST,
          );
        }
        // The minutes take over on a coarse period boundary, and cover 6 hours before
        // the earliest end.
        const recent = plan.recent!;
        expect(
          (recent.start - plan.coarse.start) %
            (plan.coarse.periodSeconds * 1000),
        ).toBe(0);
        expect(recent.start).toBeLessThanOrEqual(
          now.getTime() - lagMinutes * MINUTE - 6 * 3_600_000,
        );
      }
    }
  });
});

describe('gridReaching', () => {
  const now = at('12:04:30');
  const planFor = (windowDays: number, minuteWindowSeconds: number) =>
    sloFetchPlan({
      now,
      windowDays,
      publishingLagMs: 3 * MINUTE,
      minuteWindowSeconds,
    });
  const lastHourIn5Minutes = {
    now,
    spanMs: 3_600_000,
    periodsSeconds: [300, 300],
  };

  it.each([
    ['the minutes of a pattern with minute windows', 30, 21_600, 'recent'],
    ['the 30 days of a batch job', 30, 0, 'coarse'],
    ['no call past 63 days, where only hours are kept', 90, 0, undefined],
  ] as const)(
    'lets the last hour in 5-minute periods join %s',
    (_, windowDays, minuteWindowSeconds, joined) => {
      expect(
        gridReaching(
          planFor(windowDays, minuteWindowSeconds),
          lastHourIn5Minutes,
        ),
      ).toBe(joined);
    },
  );

  it('passes over the minutes for a span older than they reach', () => {
    const plan = planFor(30, minuteResolutionSeconds());
    expect(
      gridReaching(plan, { ...lastHourIn5Minutes, spanMs: 7 * 3_600_000 }),
    ).toBe('coarse');
  });

  it('passes over the 30-day call for 1-minute periods, which it cannot return', () => {
    const plan = planFor(30, 0);
    expect(
      gridReaching(plan, { ...lastHourIn5Minutes, periodsSeconds: [300, 60] }),
    ).toBeUndefined();
  });
});
