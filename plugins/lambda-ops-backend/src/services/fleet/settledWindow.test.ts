import { WORKBOOK_BURN_RATE_WINDOWS } from '@lambda-ops/backstage-plugin-common';
import {
  lambdaInUsEast1,
  ordersApiSettings,
} from '../../__fixtures__/functions';
import { sloFetchPlan } from '../slo/sloFetchPlan';
import { settledDaysKey } from './settledWindow';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const PERIOD_MS = 300_000;
const LONGEST_BURN_RATE_WINDOW_MS =
  Math.max(...WORKBOOK_BURN_RATE_WINDOWS.map(w => w.longWindowSeconds)) * 1000;

function floorTo(ms: number, stepMs: number): number {
  return Math.floor(ms / stepMs) * stepMs;
}

describe('settledDaysKey', () => {
  const fleetFunction = {
    fn: lambdaInUsEast1('orders-api'),
    settings: ordersApiSettings,
  };
  const windowMs = ordersApiSettings.windowDays * DAY_MS;
  // Every minute around midnight, where the clock and the published data's end can fall
  // on different days, and one at noon.
  const clocks = [
    ...Array.from(
      { length: 41 },
      (_, i) => Date.UTC(2026, 10, 29, 23, 40) + i * MINUTE_MS,
    ),
    Date.UTC(2026, 10, 29, 12, 0),
  ];

  it.each([0, 3, 10, 15])(
    'reads as periods every window the SLO math can end at, with %i minutes of publishing lag, and a day more at most',
    lagMinutes => {
      const publishingLagMs = lagMinutes * MINUTE_MS;
      const problems: string[] = [];
      for (const now of clocks) {
        const plan = sloFetchPlan({
          now: new Date(now),
          windowDays: ordersApiSettings.windowDays,
          publishingLagMs,
          minuteWindowSeconds: 6 * 3600,
        });
        const split = settledDaysKey(fleetFunction, plan.coarse, plan.clockEnd);
        // The windows end on a coarse period boundary, between the one at or before
        // `now − lag` (no data newer) and the one at or before the clock's minute.
        const earliestEnd = floorTo(now - publishingLagMs, PERIOD_MS);
        const latestStart = floorTo(now, PERIOD_MS) - windowMs;
        const earliestBurnStart = earliestEnd - LONGEST_BURN_RATE_WINDOW_MS;
        const at = new Date(now).toISOString();
        if (!split) {
          problems.push(`${at}: no settled days`);
        } else {
          if (split.headEnd < latestStart) {
            problems.push(`${at}: the window can start after the head`);
          }
          if (split.headEnd > latestStart + DAY_MS + PERIOD_MS) {
            problems.push(`${at}: the head reads a day more than it needs`);
          }
          if (split.newestStart > earliestBurnStart) {
            problems.push(
              `${at}: the 3-day window can start before the newest days`,
            );
          }
          if (split.newestStart <= earliestBurnStart - DAY_MS) {
            problems.push(
              `${at}: the newest days hold a day more than they need`,
            );
          }
        }
      }
      expect(problems).toEqual([]);
    },
  );
});
