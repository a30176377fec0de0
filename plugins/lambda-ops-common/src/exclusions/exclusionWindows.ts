import { CronTime } from 'cron';
import type { ExclusionWindow } from '../types';
import type { SliData, SliHistory } from '../slo/sliHistory';
import type { SliSeries } from '../slo/sliSeries';

/**
 * A maintenance window as declared: once (`recurrence: null`, from `start` for
 * `durationMs`) or again and again, at the times of a cron expression or every so long
 * from `start`. Times are UTC throughout: a window declared in UTC neither moves nor
 * doubles when a time zone changes its clocks.
 *
 * @public
 */
export interface DeclaredExclusionWindow {
  reason: string;
  durationMs: number;
  /** The one-off window's start, or where a recurrence begins (null: since ever). */
  start: number | null;
  recurrence: { cron: string } | { everyMs: number } | null;
  /** The recurrence as it was written, shown beside each occurrence. */
  schedule: string | null;
  source: ExclusionWindow['source'];
}

/** One occurrence of a declared window, `[start, end)` in epoch ms. @public */
export interface ExclusionInterval {
  start: number;
  end: number;
  reason: string;
  source: ExclusionWindow['source'];
  schedule: string | null;
}

/**
 * Most occurrences one declared window contributes to a span: a schedule firing every
 * minute would otherwise make tens of thousands over a month, and the budget left after
 * excluding them would mean nothing anyway.
 */
const MAX_OCCURRENCES = 2000;

/**
 * The times a five-field cron expression names, as sets of values; null for a field
 * that allows every value.
 *
 * @public
 */
export interface UtcCronFields {
  minutes: number[];
  hours: number[];
  daysOfMonth: Set<number> | null;
  /** 1 = January. */
  months: Set<number> | null;
  /** 0 = Sunday. */
  daysOfWeek: Set<number> | null;
}

const DAY_MS = 86_400_000;

function values(field: string, all: number[]): number[] {
  return field === '*' ? all : field.split(',').map(Number);
}

function restriction(field: string): Set<number> | null {
  return field === '*' ? null : new Set(field.split(',').map(Number));
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week, names such
 * as SUN and JAN allowed) read in UTC; throws when it is not one, or names a day that
 * never comes (30 February). The `cron` package (the one Backstage's scheduler uses)
 * reads the fields; the times are listed here, a day at a time, as stepping through them
 * with the package takes milliseconds per occurrence.
 *
 * @public
 */
export function parseUtcCron(expression: string): UtcCronFields {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new Error(
      `has ${fields.length} fields; a cron expression has five: minute hour day-of-month month day-of-week`,
    );
  }
  // Seconds first, then the five fields, each as its values joined by commas or `*`.
  const [, minute, hour, dayOfMonth, month, dayOfWeek] = new CronTime(
    fields.join(' '),
    'UTC',
  ).toJSON();
  const cron: UtcCronFields = {
    minutes: values(minute, range(0, 59)),
    hours: values(hour, range(0, 23)),
    daysOfMonth: restriction(dayOfMonth),
    months: restriction(month),
    daysOfWeek: restriction(dayOfWeek),
  };
  // Eight years hold every combination of leap year and weekday.
  const from = Date.UTC(2028, 0, 1);
  if (cronTimes(cron, from, from + 8 * 366 * DAY_MS).next().done) {
    throw new Error('never occurs');
  }
  return cron;
}

/**
 * Whether the cron runs on the UTC day starting at `day`. As in cron, a day restricted
 * both by day of month and by day of week runs when either matches.
 */
function runsOn(cron: UtcCronFields, day: number): boolean {
  const date = new Date(day);
  if (cron.months && !cron.months.has(date.getUTCMonth() + 1)) {
    return false;
  }
  const byMonthDay = cron.daysOfMonth?.has(date.getUTCDate());
  const byWeekDay = cron.daysOfWeek?.has(date.getUTCDay());
  if (cron.daysOfMonth && cron.daysOfWeek) {
    return Boolean(byMonthDay || byWeekDay);
  }
  return (byMonthDay ?? true) && (byWeekDay ?? true);
}

/** The times of the cron in `[from, to)`, oldest first. */
function* cronTimes(
  cron: UtcCronFields,
  from: number,
  to: number,
): Generator<number> {
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
    if (!runsOn(cron, day)) {
      continue;
    }
    for (const hour of cron.hours) {
      for (const minute of cron.minutes) {
        const ts = day + hour * 3_600_000 + minute * 60_000;
        if (ts >= from && ts < to) {
          yield ts;
        }
      }
    }
  }
}

function* starts(
  window: DeclaredExclusionWindow,
  from: number,
  to: number,
): Generator<number> {
  const { recurrence } = window;
  if (recurrence === null) {
    if (window.start !== null && window.start < to) {
      yield window.start;
    }
    return;
  }
  const first = Math.max(from, window.start ?? -Infinity);
  if ('everyMs' in recurrence) {
    const origin = window.start ?? 0;
    const skipped = Math.max(
      0,
      Math.ceil((first - origin) / recurrence.everyMs),
    );
    for (let ts = origin + skipped * recurrence.everyMs; ts < to; ) {
      yield ts;
      ts += recurrence.everyMs;
    }
    return;
  }
  yield* cronTimes(parseUtcCron(recurrence.cron), first, to);
}

/**
 * The occurrences of the declared windows that overlap `[span.start, span.end)`, oldest
 * first. An occurrence that began before the span and reaches into it is listed whole.
 *
 * @public
 */
export function exclusionOccurrences(
  windows: readonly DeclaredExclusionWindow[],
  span: { start: number; end: number },
): ExclusionInterval[] {
  const occurrences: ExclusionInterval[] = [];
  for (const window of windows) {
    let count = 0;
    for (const start of starts(
      window,
      span.start - window.durationMs + 1,
      span.end,
    )) {
      const end = start + window.durationMs;
      if (end > span.start && count < MAX_OCCURRENCES) {
        occurrences.push({
          start,
          end,
          reason: window.reason,
          source: window.source,
          schedule: window.schedule,
        });
        count += 1;
      }
      if (count >= MAX_OCCURRENCES) {
        break;
      }
    }
  }
  return occurrences.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Whether the period `[start, end)` overlaps an exclusion. A period only partly inside a
 * window is excluded whole: its events cannot be split by minute, and counting a period
 * the maintenance touched would charge the budget for the maintenance.
 *
 * @public
 */
export function isExcludedPeriod(
  start: number,
  end: number,
  exclusions: readonly Pick<ExclusionInterval, 'start' | 'end'>[],
): boolean {
  return exclusions.some(w => w.start < end && start < w.end);
}

/**
 * The series with every period an exclusion touches counted as neither good nor bad, so
 * that it leaves both the good and the total counts: the budget, the attainment and the
 * burn rates then only see the time outside maintenance.
 *
 * @public
 */
export function excludeFromSeries(
  series: SliSeries,
  exclusions: readonly Pick<ExclusionInterval, 'start' | 'end'>[],
): SliSeries {
  if (exclusions.length === 0) {
    return series;
  }
  const periodMs = series.periodSeconds * 1000;
  const excluded = series.bad.map((_, i) => {
    const start = series.start + i * periodMs;
    return isExcludedPeriod(start, start + periodMs, exclusions);
  });
  return {
    ...series,
    good: series.good.map((value, i) => (excluded[i] ? 0 : value)),
    bad: series.bad.map((value, i) => (excluded[i] ? 0 : value)),
  };
}

/**
 * {@link excludeFromSeries} at every resolution of an SLI.
 *
 * @public
 */
export function excludeFromSli<T extends SliData>(
  sli: T,
  exclusions: readonly Pick<ExclusionInterval, 'start' | 'end'>[],
): T {
  if (exclusions.length === 0) {
    return sli;
  }
  if ('coarse' in sli) {
    const history: SliHistory = {
      coarse: excludeFromSeries(sli.coarse, exclusions),
      recent: sli.recent && excludeFromSeries(sli.recent, exclusions),
    };
    return history as T;
  }
  return excludeFromSeries(sli as SliSeries, exclusions) as T;
}

/** The occurrences as the contract lists them. @public */
export function toExclusionWindows(
  occurrences: readonly ExclusionInterval[],
): ExclusionWindow[] {
  return occurrences.map(o => ({
    start: new Date(o.start).toISOString(),
    end: new Date(o.end).toISOString(),
    reason: o.reason,
    source: o.source,
    schedule: o.schedule,
  }));
}
