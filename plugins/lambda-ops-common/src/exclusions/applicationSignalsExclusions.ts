import type { ExclusionWindow } from '../types';
import {
  DeclaredExclusionWindow,
  exclusionOccurrences,
  parseUtcCron,
  toExclusionWindows,
} from './exclusionWindows';

/**
 * An exclusion window of an Application Signals SLO, as
 * ListServiceLevelObjectiveExclusionWindows returns it.
 *
 * @public
 */
export interface ApplicationSignalsExclusionWindow {
  window: { durationUnit: string; duration: number };
  startTime: number | null;
  /** `cron(…)` with six fields, or `rate(<value> <unit>)`. */
  recurrence: string | null;
  reason: string | null;
}

const UNIT_MS: Record<string, number> = {
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
};

const RATE = /^rate\(\s*(\d+)\s+(minute|hour|day)s?\s*\)$/i;
const CRON = /^cron\((.*)\)$/i;

/**
 * An EventBridge-style cron (minutes hours day-of-month month day-of-week year, where
 * day-of-week counts 1 = Sunday and `?` stands for "any") as a five-field cron
 * expression; null for what five fields cannot say (a year, `L`, `W`, `#`).
 */
function toFiveFieldCron(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6 || !['*', '?'].includes(fields[5])) {
    return null;
  }
  if (fields.some(field => /[LW#]/i.test(field.replace(/[A-Z]{3}/gi, '')))) {
    return null;
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.map(field =>
    field === '?' ? '*' : field,
  );
  if (dayOfWeek.includes('/')) {
    return null;
  }
  const weekday = dayOfWeek.replace(/\d+/g, day => String(Number(day) - 1));
  return [minute, hour, dayOfMonth, month, weekday].join(' ');
}

/**
 * An Application Signals exclusion window in the shape Lambda Ops expands into
 * occurrences; null when it cannot be drawn (a duration in months, a recurrence five
 * cron fields cannot say, a one-off window without a start).
 *
 * @public
 */
export function fromApplicationSignalsExclusionWindow(
  window: ApplicationSignalsExclusionWindow,
): DeclaredExclusionWindow | null {
  const unitMs = UNIT_MS[window.window.durationUnit.toUpperCase()];
  if (!unitMs || !(window.window.duration > 0)) {
    return null;
  }
  const common = {
    reason: window.reason?.trim() || 'Application Signals exclusion window',
    durationMs: window.window.duration * unitMs,
    start: window.startTime,
    schedule: window.recurrence,
    source: 'application-signals' as const,
  };
  if (window.recurrence === null) {
    return window.startTime === null ? null : { ...common, recurrence: null };
  }
  const rate = RATE.exec(window.recurrence.trim());
  if (rate) {
    const everyMs = Number(rate[1]) * UNIT_MS[rate[2].toUpperCase()];
    return everyMs > 0 ? { ...common, recurrence: { everyMs } } : null;
  }
  const cron = CRON.exec(window.recurrence.trim());
  const fiveFields = cron && toFiveFieldCron(cron[1]);
  if (!fiveFields) {
    return null;
  }
  try {
    parseUtcCron(fiveFields);
  } catch {
    return null;
  }
  return { ...common, recurrence: { cron: fiveFields } };
}

/**
 * The occurrences of an imported SLO's exclusion windows that overlap its window, for
 * the chart; those that cannot be drawn are left out.
 *
 * @public
 */
export function importedExclusionWindows(
  windows: readonly ApplicationSignalsExclusionWindow[],
  span: { start: number; end: number },
): ExclusionWindow[] {
  const drawable = windows.flatMap(
    window => fromApplicationSignalsExclusionWindow(window) ?? [],
  );
  return toExclusionWindows(exclusionOccurrences(drawable, span));
}
