import { createHash } from 'node:crypto';
import {
  EarlierWindow,
  PeriodGrid,
  PeriodValues,
  SettledSloDay,
  settlesDays,
  settleSloDays,
  SloDatapoints,
} from '@lambda-ops/backstage-plugin-common';
import type { FleetFunction } from './fleetSlos';
import type { SeriesSpan, StoredSettledDays } from './FleetSnapshotStore';

const DAY_MS = 86_400_000;
/**
 * Days at the window's start read as periods: the window starts somewhere in the first,
 * and where the published data ends may move its start into the second.
 */
const HEAD_DAYS = 2;
/**
 * Days before the data's end read as periods, never settled: the longest burn-rate window
 * (3 days) lies inside them, and CloudWatch no longer changes anything older.
 */
const NEWEST_DAYS = 4;

function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

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
 * The key and fingerprint of a function's settled days; null when its pattern keeps none
 * or its window is too short to have a day between the head and the newest days.
 */
export function settledDaysKey(
  { fn, settings }: FleetFunction,
  coarse: PeriodGrid,
  clockEnd: number,
): { key: string; fingerprint: string } | null {
  const headEnd = dayOf(coarse.start) + HEAD_DAYS * DAY_MS;
  if (
    !settlesDays(settings) ||
    headEnd >= dayOf(clockEnd) - NEWEST_DAYS * DAY_MS
  ) {
    return null;
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([settings, coarse.periodSeconds]))
    .digest('base64url')
    .slice(0, 22);
  const name = `${fn.accountId ?? 'default'}/${fn.region}/${fn.name}:${
    fn.qualifier ?? ''
  }`;
  return { key: `${name}#${fingerprint}`, fingerprint };
}

/**
 * How the window is read: the kept days are those of `stored` from the head's end on,
 * without a gap; none when the refresh's reads reach back before them (a backfill), as
 * the whole window is then read anyway.
 *
 * @param readsFrom - where the refresh's earliest CloudWatch read for the function starts
 */
export function windowLayout(
  id: { key: string; fingerprint: string },
  coarse: PeriodGrid,
  clockEnd: number,
  stored: StoredSettledDays | undefined,
  readsFrom: number,
): WindowLayout {
  const layout: WindowLayout = {
    ...id,
    headEnd: dayOf(coarse.start) + HEAD_DAYS * DAY_MS,
    newestStart: dayOf(clockEnd) - NEWEST_DAYS * DAY_MS,
    kept: [],
  };
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
