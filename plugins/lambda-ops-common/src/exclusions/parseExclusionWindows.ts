import { DateTime } from 'luxon';
import { parse } from 'yaml';
import { EXCLUSION_WINDOWS_ANNOTATION } from '../annotations/constants';
import { parseDurationSeconds } from '../duration';
import type { Problem } from '../types';
import { DeclaredExclusionWindow, parseUtcCron } from './exclusionWindows';

/** A valid annotation value, for messages that say how to write one. @public */
export const EXCLUSION_WINDOWS_EXAMPLE =
  '[{schedule: "0 2 * * SUN", duration: 2h, reason: Weekly database maintenance}, {start: "2026-12-05T01:00:00Z", end: "2026-12-05T03:00:00Z", reason: Region migration}]';

/** @public */
export interface ParsedExclusionWindows {
  windows: DeclaredExclusionWindow[];
  /** What was malformed; no window applies then, as half a calendar is not the plan. */
  problems: Problem[];
}

// An ISO time with its offset: a time without one would be read in the server's zone.
const ISO_WITH_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

function readTime(value: unknown, key: string): number | string {
  const text = typeof value === 'string' ? value.trim() : undefined;
  const time = text ? DateTime.fromISO(text, { setZone: true }) : undefined;
  if (!text || !time?.isValid || !ISO_WITH_OFFSET.test(text)) {
    return `${key} "${String(
      value,
    )}" is not an ISO 8601 time with its offset, e.g. 2026-12-05T01:00:00Z`;
  }
  return time.toMillis();
}

function readWindow(
  item: unknown,
  position: number,
): DeclaredExclusionWindow | string {
  const at = `window ${position}`;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return `${at} is not a mapping of schedule, duration, start, end and reason`;
  }
  const fields = item as Record<string, unknown>;
  const unknownKeys = Object.keys(fields).filter(
    key => !['schedule', 'duration', 'start', 'end', 'reason'].includes(key),
  );
  if (unknownKeys.length > 0) {
    return `${at} has unknown keys ${unknownKeys.join(
      ', ',
    )}; use schedule, duration, start, end and reason`;
  }
  const reason =
    typeof fields.reason === 'string' ? fields.reason.trim() : undefined;
  if (!reason) {
    return `${at} has no reason; say why the time does not count`;
  }
  const durationSeconds =
    fields.duration === undefined
      ? undefined
      : parseDurationSeconds(String(fields.duration));
  if (fields.duration !== undefined && !durationSeconds) {
    return `${at}: duration "${String(
      fields.duration,
    )}" is not a duration such as 30m, 2h or 1d`;
  }
  const start =
    fields.start === undefined ? null : readTime(fields.start, `${at}: start`);
  if (typeof start === 'string') {
    return start;
  }
  if (fields.schedule !== undefined) {
    if (fields.end !== undefined || !durationSeconds) {
      return `${at}: a schedule takes a duration (and no end), e.g. schedule: "0 2 * * SUN", duration: 2h`;
    }
    const schedule = String(fields.schedule).trim();
    try {
      parseUtcCron(schedule);
    } catch (error) {
      return `${at}: schedule "${schedule}" ${
        (error as Error).message
      }; write a cron expression in UTC, e.g. "0 2 * * SUN" (Sundays 02:00 UTC)`;
    }
    return {
      reason,
      durationMs: durationSeconds * 1000,
      start,
      recurrence: { cron: schedule },
      schedule,
      source: 'annotation',
    };
  }
  if (start === null) {
    return `${at} has neither a schedule nor a start`;
  }
  const end =
    fields.end === undefined ? undefined : readTime(fields.end, `${at}: end`);
  if (typeof end === 'string') {
    return end;
  }
  if ((end === undefined) === (durationSeconds === undefined)) {
    return `${at}: a one-off window takes either an end or a duration after its start`;
  }
  const durationMs = end === undefined ? durationSeconds! * 1000 : end - start;
  if (durationMs <= 0) {
    return `${at} ends before it starts`;
  }
  return {
    reason,
    durationMs,
    start,
    recurrence: null,
    schedule: null,
    source: 'annotation',
  };
}

/**
 * Where a list of windows was declared, as its problems name it.
 *
 * @public
 */
export interface ExclusionWindowsOrigin {
  /** The annotation at fault. */
  annotation: string;
  /** How messages start, e.g. `Annotation lambda-ops/exclusion-windows`. */
  label: string;
}

const ANNOTATION_ORIGIN: ExclusionWindowsOrigin = {
  annotation: EXCLUSION_WINDOWS_ANNOTATION,
  label: `Annotation ${EXCLUSION_WINDOWS_ANNOTATION}`,
};

/**
 * Reads `lambda-ops/exclusion-windows` (or the file it may name instead): a YAML list of maintenance windows, each either
 * recurring (`schedule`, a cron expression in UTC, with a `duration`) or once (`start`
 * with an `end` or a `duration`, ISO 8601 times with their offset), and always a
 * `reason`. Never throws: anything malformed is a problem naming the annotation with a
 * valid example, and then no window applies.
 *
 * @public
 */
export function parseExclusionWindows(
  text: string | undefined,
  origin: ExclusionWindowsOrigin = ANNOTATION_ORIGIN,
): ParsedExclusionWindows {
  if (text === undefined || text.trim() === '') {
    return { windows: [], problems: [] };
  }
  let errors: string[];
  const windows: DeclaredExclusionWindow[] = [];
  try {
    const value: unknown = parse(text);
    const items = Array.isArray(value) ? value : [value];
    errors = items.flatMap((item, i) => {
      const window = readWindow(item, i + 1);
      if (typeof window === 'string') {
        return [window];
      }
      windows.push(window);
      return [];
    });
  } catch {
    errors = [
      'it is not YAML (a schedule that starts with * must be quoted: "*/30 * * * *")',
    ];
  }
  if (errors.length > 0) {
    return {
      windows: [],
      problems: [
        {
          code: 'invalid-annotation',
          annotation: origin.annotation,
          message: `${origin.label}: ${errors.join(
            '; ',
          )}. Write a YAML list, e.g. ${EXCLUSION_WINDOWS_EXAMPLE}; no exclusion applies meanwhile`,
        },
      ],
    };
  }
  return { windows, problems: [] };
}
