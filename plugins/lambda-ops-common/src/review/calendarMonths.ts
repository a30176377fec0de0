/**
 * A calendar month in UTC: `[start, end)` in epoch milliseconds.
 *
 * @public
 */
export interface CalendarMonth {
  /** e.g. `2026-10` */
  month: string;
  start: number;
  end: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function monthOf(year: number, monthIndex: number): CalendarMonth {
  const start = Date.UTC(year, monthIndex, 1);
  const first = new Date(start);
  return {
    month: `${first.getUTCFullYear()}-${String(
      first.getUTCMonth() + 1,
    ).padStart(2, '0')}`,
    start,
    end: Date.UTC(year, monthIndex + 1, 1),
  };
}

/**
 * The month a `YYYY-MM` string names; undefined when it names none.
 *
 * @public
 */
export function parseCalendarMonth(month: string): CalendarMonth | undefined {
  const match = MONTH.exec(month);
  return match ? monthOf(Number(match[1]), Number(match[2]) - 1) : undefined;
}

/**
 * The `count` calendar months (UTC) that ended last before `now`, oldest first: on
 * 2 December, with 3, September, October and November.
 *
 * @public
 */
export function completedMonths(
  now: Date | number,
  count: number,
): CalendarMonth[] {
  const today = new Date(now);
  const year = today.getUTCFullYear();
  const current = today.getUTCMonth();
  return Array.from({ length: count }, (_, i) =>
    monthOf(year, current - count + i),
  );
}
