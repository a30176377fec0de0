import type {
  BudgetPoint,
  DeployMarker,
  ExclusionWindow,
} from '@lambda-ops/backstage-plugin-common';
import { burnStartTitle, changeMarkTitle } from '../../deploys/deploys';
import { exclusionTitle } from './exclusions';
import { formatPercentShort, formatWindow } from '../../slo/format';

/**
 * What the error-budget burn-down chart shows, as data for the chart library: the rows
 * of the series, the axis ranges and ticks with their labels, and the moments marked on
 * the chart. Kept apart from the component so the awkward cases (negative budget, gaps
 * without traffic, a single point, timestamps that do not parse) are plain functions to
 * test.
 */

/** Dates are labelled every few days so the labels never collide. */
const MAX_DATE_TICKS = 5;

/**
 * The lowest value is labelled only when it is at least this share of the vertical axis
 * below the zero line; closer, its label would overlap the "0%".
 */
const MIN_LABEL_GAP = 0.1;

/**
 * One row of the chart. The budget is split at zero into two series, so the part
 * overspent takes the error colour exactly where the line crosses zero; a row where it
 * crosses is added between the two points around it.
 */
export interface BudgetRow {
  /** Time (ms) on a time axis; the point's position when the axis is by position. */
  x: number;
  /** The budget left while it is zero or more, else null. */
  aboveZero: number | null;
  /** The budget left while it is zero or less (overspent), else null. */
  belowZero: number | null;
  /** A known value between two unknown ones: a line needs two, so it is a dot. */
  lone: boolean;
}

export interface AxisTick {
  value: number;
  label: string;
}

/** A moment marked on the chart, with its title in words. */
export interface TimeMark {
  x: number;
  /** "Deploy: <summary> at <time>", "Burn started at <time>". */
  title: string;
}

/** A deploy or configuration change on the chart. */
export interface ChangeMark extends TimeMark {
  /** The marker's id, to tell the lines apart. */
  id: string;
  changeType: DeployMarker['changeType'];
}

/** Maintenance left out of the budget, shaded from `x1` to `x2`. */
export interface ExclusionBand {
  x1: number;
  x2: number;
  /** "Excluded from the budget: <reason>, <start> – <end>". */
  title: string;
}

/** What happened over the window, marked over the budget line. */
export interface ChartEvents {
  /** Maintenance left out of the budget (`Slo.exclusionWindows`). */
  exclusionWindows?: ExclusionWindow[];
  /** Deploys and configuration changes, any order. */
  deployMarkers?: DeployMarker[];
  /** When the fast burn behind a page began (`Slo.burningSince`). */
  burningSince?: string | null;
}

export interface BurnDownChartData {
  /** In order of x; a null (no traffic yet) breaks the line. */
  rows: BudgetRow[];
  xDomain: [number, number];
  /** Always from 0% or lower to 100% or higher. */
  yDomain: [number, number];
  percentTicks: AxisTick[];
  dateTicks: AxisTick[];
  /** Changes inside the window, in the order given; the others are dropped. */
  changeMarks: ChangeMark[];
  /** When the burn began, when that is inside the window. */
  burnStart: TimeMark | null;
  /** The maintenance windows, cut to the window; those outside it are dropped. */
  exclusionBands: ExclusionBand[];
}

const dateFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

function known(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

function knownValues(points: BudgetPoint[]): number[] {
  return points.map(point => point.remaining).filter(known);
}

/**
 * Times of the points when they all parse and span some time, since the last point
 * ("now") is closer to the last daily point than a day; else null, and the points are
 * placed by position.
 */
function pointTimes(points: BudgetPoint[]): number[] | null {
  const times = points.map(point => Date.parse(point.ts));
  const span = times[times.length - 1] - times[0];
  return times.every(Number.isFinite) && span > 0 ? times : null;
}

/** Each point as a row, with a row added wherever the line crosses zero. */
function budgetRows(points: BudgetPoint[], xs: number[]): BudgetRow[] {
  const rows: BudgetRow[] = [];
  points.forEach((point, index) => {
    const value = known(point.remaining) ? point.remaining : null;
    const previous = index > 0 ? points[index - 1].remaining : null;
    if (value !== null && known(previous) && value * previous < 0) {
      // Where the straight line between the two points meets zero.
      const x0 = xs[index - 1];
      rows.push({
        x: x0 + ((xs[index] - x0) * previous) / (previous - value),
        aboveZero: 0,
        belowZero: 0,
        lone: false,
      });
    }
    rows.push({
      x: xs[index],
      aboveZero: value !== null && value >= 0 ? value : null,
      belowZero: value !== null && value <= 0 ? value : null,
      lone:
        value !== null &&
        !known(previous) &&
        !known(points[index + 1]?.remaining),
    });
  });
  return rows;
}

/**
 * A date label every few points (one point per day), plus "now" for the last point.
 * A date less than a step before "now" is left out: "now" is only part of a day after
 * the last daily point, so the two labels would touch.
 */
function dateTicks(points: BudgetPoint[], xs: number[]): AxisTick[] {
  const last = points.length - 1;
  const step = Math.max(1, Math.ceil(last / MAX_DATE_TICKS));
  const ticks: AxisTick[] = [];
  for (let index = 0; last - index >= step; index += step) {
    const time = Date.parse(points[index].ts);
    if (Number.isFinite(time)) {
      ticks.push({ value: xs[index], label: dateFormat.format(time) });
    }
  }
  ticks.push({ value: xs[last], label: 'now' });
  return ticks;
}

/** 100% (or the highest value), 0%, and the lowest value when it is far enough below. */
function percentTicks(top: number, bottom: number): AxisTick[] {
  const ticks = [
    { value: top, label: formatPercentShort(top) },
    { value: 0, label: formatPercentShort(0) },
  ];
  if (bottom < 0 && -bottom / (top - bottom) >= MIN_LABEL_GAP) {
    ticks.push({ value: bottom, label: formatPercentShort(bottom) });
  }
  return ticks;
}

/**
 * The chart's data from the budget points, with the deploys and the start of the burn
 * over them. Moments are placed only on a time axis, and only inside the window the
 * points span (first point to "now"): a single point or timestamps that do not parse
 * give no time axis.
 */
export function burnDownChartData(
  points: BudgetPoint[],
  events: ChartEvents = {},
): BurnDownChartData {
  const values = knownValues(points);
  const top = Math.max(1, ...values);
  const bottom = Math.min(0, ...values);
  const times = points.length > 0 ? pointTimes(points) : null;
  const xs = times ?? points.map((_, index) => index);
  const first = xs[0] ?? 0;
  const last = xs[xs.length - 1] ?? 0;

  const inWindow = (iso: string): number | undefined => {
    const time = Date.parse(iso);
    return times && time >= first && time <= last ? time : undefined;
  };
  const changeMarks = (events.deployMarkers ?? []).flatMap(marker => {
    const x = inWindow(marker.ts);
    return x === undefined
      ? []
      : [
          {
            id: marker.id,
            changeType: marker.changeType,
            x,
            title: changeMarkTitle(marker),
          },
        ];
  });
  const burnX = events.burningSince ? inWindow(events.burningSince) : undefined;
  const exclusionBands = times
    ? (events.exclusionWindows ?? []).flatMap(window => {
        const x1 = Math.max(first, Date.parse(window.start));
        const x2 = Math.min(last, Date.parse(window.end));
        return x1 < x2 ? [{ x1, x2, title: exclusionTitle(window) }] : [];
      })
    : [];

  return {
    rows: budgetRows(points, xs),
    // A lone point is "now", at the right edge.
    xDomain: last > first ? [first, last] : [last - 1, last],
    yDomain: [bottom, top],
    percentTicks: percentTicks(top, bottom),
    dateTicks: points.length > 0 ? dateTicks(points, xs) : [],
    changeMarks,
    burnStart:
      burnX === undefined
        ? null
        : { x: burnX, title: burnStartTitle(events.burningSince!) },
    exclusionBands,
  };
}

/**
 * What the chart shows, in words, for screen readers:
 * "Error budget remaining over 30 days: from 100% to 39.9%".
 */
export function describeBurnDown(
  points: BudgetPoint[],
  window: string,
): string {
  const values = knownValues(points);
  const prefix = `Error budget remaining over ${formatWindow(window)}`;
  if (values.length === 0) {
    return `${prefix}: no data yet`;
  }
  if (values.length === 1) {
    return `${prefix}: ${formatPercentShort(values[0])}`;
  }
  return `${prefix}: from ${formatPercentShort(
    values[0],
  )} to ${formatPercentShort(values[values.length - 1])}`;
}
