import { createHash } from 'node:crypto';
import {
  EarlierWindow,
  PeriodGrid,
  PeriodValues,
  SettledSloDay,
  settlesDays,
  settleSloDays,
  SloDatapoints,
  WORKBOOK_BURN_RATE_WINDOWS,
} from '@lambda-ops/backstage-plugin-common';
import type { FleetFunction } from './fleetSlos';
import type { SeriesSpan, StoredSettledDays } from './FleetSnapshotStore';

const DAY_MS = 86_400_000;
const LONGEST_BURN_RATE_WINDOW_MS =
  Math.max(...WORKBOOK_BURN_RATE_WINDOWS.map(w => w.longWindowSeconds)) * 1000;

function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * Where a function's window is split into its head, its settled days and its newest
 * days. The head, read as periods, ends with the day the window can start in at the
 * latest (the data's end is never after the clock's minute); the newest days, read as
 * periods and never settled, start with the day the longest burn-rate window can start
 * in at the earliest (the data's end is never before the coarse grid's start plus the
 * window). CloudWatch no longer changes anything in between.
 */
function windowSplit(
  coarse: PeriodGrid,
  clockEnd: number,
  windowDays: number,
): { headEnd: number; newestStart: number } {
  const windowMs = windowDays * DAY_MS;
  return {
    headEnd: dayOf(clockEnd - windowMs) + DAY_MS,
    newestStart: dayOf(coarse.start + windowMs - LONGEST_BURN_RATE_WINDOW_MS),
  };
}

/** A function's settled days, and where its window is split around them. */
export type SettledDaysId = Omit<WindowLayout, 'kept'>;

/** How a function's window is read in a refresh: spans of periods and settled days. */
export interface WindowLayout {
  key: string;
  fingerprint: string;
  /** End of the window's first days, read as periods; the first settled day's start. */
  headEnd: number;
  /** Start of the newest days, read as periods and never settled. */
  newestStart: number;
  /** Settled days of earlier refreshes, from `headEnd` on without a gap. */
  kept: SettledSloDay[];
}

/** Where the periods read after the head start: the end of the kept days. */
function periodsFrom(layout: WindowLayout): number {
  return layout.headEnd + layout.kept.length * DAY_MS;
}

/**
 * The key and fingerprint of a function's settled days, and where its window is split;
 * null when its pattern keeps none or its window is too short to have a day between the
 * head and the newest days.
 */
export function settledDaysKey(
  { fn, settings }: FleetFunction,
  coarse: PeriodGrid,
  clockEnd: number,
): SettledDaysId | null {
  const split = windowSplit(coarse, clockEnd, settings.windowDays);
  if (!settlesDays(settings) || split.headEnd >= split.newestStart) {
    return null;
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([settings, coarse.periodSeconds]))
    .digest('base64url')
    .slice(0, 22);
  const name = `${fn.accountId ?? 'default'}/${fn.region}/${fn.name}:${
    fn.qualifier ?? ''
  }`;
  return { key: `${name}#${fingerprint}`, fingerprint, ...split };
}

/**
 * How the window is read: the kept days are those of `stored` from the head's end on,
 * without a gap; none when the refresh's reads reach back before them (a backfill), as
 * the whole window is then read anyway.
 *
 * @param readsFrom - where the refresh's earliest CloudWatch read for the function starts
 */
export function windowLayout(
  id: SettledDaysId,
  stored: StoredSettledDays | undefined,
  readsFrom: number,
): WindowLayout {
  const layout: WindowLayout = { ...id, kept: [] };
  if (stored?.fingerprint !== id.fingerprint) {
    return layout;
  }
  const byStart = new Map(stored.days.map(day => [day.start, day]));
  for (
    let day = byStart.get(layout.headEnd);
    day && day.start < layout.newestStart;
    day = byStart.get(day.start + DAY_MS)
  ) {
    layout.kept.push(day);
  }
  if (readsFrom < periodsFrom(layout)) {
    layout.kept = [];
  }
  return layout;
}

/** The spans a function's series are read in, apart: see {@link readParts}. */
export interface ReadParts {
  /** The window's first days. */
  head: SeriesSpan;
  /** The days after the kept ones, to the grid's end. */
  newest: SeriesSpan;
}

/**
 * The spans of periods a function's series are read in when days are kept: the head,
 * and everything after the kept days; undefined to read the whole window.
 */
export function readParts(
  layout: WindowLayout | null,
  coarse: PeriodGrid,
): ReadParts | undefined {
  if (!layout || layout.kept.length === 0) {
    return undefined;
  }
  return {
    head: [coarse.start, layout.headEnd],
    newest: [
      periodsFrom(layout),
      coarse.start + coarse.periods * coarse.periodSeconds * 1000,
    ],
  };
}

function within(points: PeriodValues, from: number, to: number): PeriodValues {
  const periodMs = points.periodSeconds * 1000;
  const first = Math.max(0, Math.ceil((from - points.start) / periodMs));
  const last = Math.min(
    points.values.length,
    Math.ceil((to - points.start) / periodMs),
  );
  return {
    start: points.start + first * periodMs,
    periodSeconds: points.periodSeconds,
    values: points.values.subarray(first, Math.max(first, last)),
  };
}

function dataWithin(
  data: Partial<Record<string, PeriodValues>>,
  from: number,
  to: number,
): SloDatapoints {
  const part: Partial<Record<string, PeriodValues>> = {};
  for (const [metric, points] of Object.entries(data)) {
    part[metric] = points && within(points, from, to);
  }
  return part as SloDatapoints;
}

/**
 * The coarse grid and datapoints after the kept days, and the window before them as the
 * SLO math takes it (see `SloWindow.earlier`), its first days from `head`; the whole
 * window when no day is kept.
 */
export function splitWindow(
  layout: WindowLayout | null,
  coarse: PeriodGrid,
  data: Partial<Record<string, PeriodValues>>,
  head: Partial<Record<string, PeriodValues>> = data,
): { coarse: PeriodGrid; data: SloDatapoints; earlier?: EarlierWindow } {
  if (!layout || layout.kept.length === 0) {
    return { coarse, data: data as SloDatapoints };
  }
  const periodMs = coarse.periodSeconds * 1000;
  const from = periodsFrom(layout);
  const end = coarse.start + coarse.periods * periodMs;
  return {
    coarse: {
      start: from,
      periodSeconds: coarse.periodSeconds,
      periods: (end - from) / periodMs,
    },
    data: dataWithin(data, from, end),
    earlier: {
      head: {
        grid: {
          start: coarse.start,
          periodSeconds: coarse.periodSeconds,
          periods: (layout.headEnd - coarse.start) / periodMs,
        },
        data: dataWithin(head, coarse.start, layout.headEnd),
      },
      days: layout.kept,
    },
  };
}

/**
 * The function's settled days with those the refresh can add: the days after the kept
 * ones that are now older than the newest days, counted from the periods read. Null when
 * there is none to add.
 */
export function settleNewDays(
  layout: WindowLayout | null,
  settings: FleetFunction['settings'],
  coarse: PeriodGrid,
  data: Partial<Record<string, PeriodValues>>,
): StoredSettledDays | null {
  if (!layout) {
    return null;
  }
  const dayStarts: number[] = [];
  for (let day = periodsFrom(layout); day < layout.newestStart; day += DAY_MS) {
    dayStarts.push(day);
  }
  if (dayStarts.length === 0) {
    return null;
  }
  // Counted from the periods after the kept days alone.
  const after = splitWindow(layout, coarse, data);
  return {
    key: layout.key,
    fingerprint: layout.fingerprint,
    days: [
      ...layout.kept,
      ...settleSloDays(
        settings,
        { grid: after.coarse, data: after.data },
        dayStarts,
      ),
    ],
  };
}
