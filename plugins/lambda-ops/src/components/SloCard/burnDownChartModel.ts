import type {
  BudgetPoint,
  DeployMarker,
} from '@lambda-ops/backstage-plugin-common';
import { burnStartTitle, changeMarkTitle } from '../../deploys/deploys';
import { formatPercentShort, formatWindow } from '../../slo/format';

/**
 * Geometry of the error-budget burn-down chart, kept apart from the SVG so the
 * awkward cases (negative budget, gaps without traffic, a single point) are plain
 * functions to test.
 */

/** The SVG's coordinate system; the chart scales to its container's width. */
export const CHART_SIZE = { width: 480, height: 140 };

/** Where the data is drawn; the margins hold the axis labels. */
const PLOT = { left: 44, right: 472, top: 10, bottom: 114 };

/** Dates are labelled every few days so the labels never collide. */
const MAX_DATE_TICKS = 5;

/** Labels closer than this to the zero line would overlap its "0%". */
const MIN_LABEL_GAP = 12;

export interface ChartPosition {
  x: number;
  y: number;
}

export interface AxisTick {
  /** x for a date tick, y for a percentage tick. */
  at: number;
  label: string;
}

/** A moment drawn as a vertical line across the plot, with its title in words. */
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

/** What happened over the window, drawn over the budget line. */
export interface ChartEvents {
  /** Deploys and configuration changes, any order. */
  deployMarkers?: DeployMarker[];
  /** When the fast burn behind a page began (`Slo.burningSince`). */
  burningSince?: string | null;
}

export interface BurnDownChartModel {
  plot: typeof PLOT;
  /** Consecutive known values; a null (no traffic yet) breaks the line. */
  runs: ChartPosition[][];
  zeroY: number;
  percentTicks: AxisTick[];
  dateTicks: AxisTick[];
  /** Changes inside the window, in the order given; the others are dropped. */
  changeMarks: ChangeMark[];
  /** When the burn began, when that is inside the window. */
  burnStart: TimeMark | null;
}

const dateFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

function knownValues(points: BudgetPoint[]): number[] {
  return points.flatMap(point =>
    point.remaining === null || !Number.isFinite(point.remaining)
      ? []
      : [point.remaining],
  );
}

/**
 * x of each point: by timestamp, since the last point ("now") is closer to the last
 * daily point than a day; by position when a timestamp does not parse. A lone point
 * is "now", at the right edge.
 */
function xPositions(points: BudgetPoint[]): number[] {
  const width = PLOT.right - PLOT.left;
  if (points.length === 1) {
    return [PLOT.right];
  }
  const times = points.map(point => Date.parse(point.ts));
  const first = times[0];
  const span = times[times.length - 1] - first;
  if (times.every(Number.isFinite) && span > 0) {
    return times.map(time => PLOT.left + ((time - first) / span) * width);
  }
  return points.map(
    (_, index) => PLOT.left + (index / (points.length - 1)) * width,
  );
}

/**
 * x of a moment on the chart, or undefined when it falls outside the window the
 * points span (first point to "now") or cannot be placed: a timestamp that does not
 * parse, or a window of a single point or a zero span, which has no time axis.
 */
function timeScale(points: BudgetPoint[]): (iso: string) => number | undefined {
  const first = points.length > 0 ? Date.parse(points[0].ts) : NaN;
  const last =
    points.length > 0 ? Date.parse(points[points.length - 1].ts) : NaN;
  const span = last - first;
  if (!Number.isFinite(span) || span <= 0) {
    return () => undefined;
  }
  return iso => {
    const time = Date.parse(iso);
    if (!Number.isFinite(time) || time < first || time > last) {
      return undefined;
    }
    return PLOT.left + ((time - first) / span) * (PLOT.right - PLOT.left);
  };
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
      ticks.push({ at: xs[index], label: dateFormat.format(time) });
    }
  }
  ticks.push({ at: xs[last], label: 'now' });
  return ticks;
}

/**
 * Lays the points out on the chart, and the deploys and the start of the burn over
 * them. The vertical scale always shows 100% and 0%.
 */
export function burnDownChartModel(
  points: BudgetPoint[],
  events: ChartEvents = {},
): BurnDownChartModel {
  const values = knownValues(points);
  const top = Math.max(1, ...values);
  const bottom = Math.min(0, ...values);
  const y = (value: number) =>
    PLOT.top + ((top - value) / (top - bottom)) * (PLOT.bottom - PLOT.top);
  const zeroY = y(0);

  const xs = xPositions(points);
  const runs: ChartPosition[][] = [];
  let run: ChartPosition[] = [];
  points.forEach((point, index) => {
    if (point.remaining === null || !Number.isFinite(point.remaining)) {
      if (run.length > 0) {
        runs.push(run);
      }
      run = [];
    } else {
      run.push({ x: xs[index], y: y(point.remaining) });
    }
  });
  if (run.length > 0) {
    runs.push(run);
  }

  const percentTicks: AxisTick[] = [
    { at: y(top), label: formatPercentShort(top) },
    { at: zeroY, label: formatPercentShort(0) },
  ];
  if (bottom < 0 && y(bottom) - zeroY >= MIN_LABEL_GAP) {
    percentTicks.push({ at: y(bottom), label: formatPercentShort(bottom) });
  }

  const xAt = timeScale(points);
  const changeMarks = (events.deployMarkers ?? []).flatMap(marker => {
    const x = xAt(marker.ts);
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
  const burnX = events.burningSince ? xAt(events.burningSince) : undefined;

  return {
    plot: PLOT,
    runs,
    zeroY,
    percentTicks,
    dateTicks: points.length > 0 ? dateTicks(points, xs) : [],
    changeMarks,
    burnStart:
      burnX === undefined
        ? null
        : { x: burnX, title: burnStartTitle(events.burningSince!) },
  };
}

/** The line through a run of points. */
export function linePath(run: ChartPosition[]): string {
  return run
    .map(({ x, y }, index) => `${index === 0 ? 'M' : 'L'}${x},${y}`)
    .join(' ');
}

/** The area between a run of points and the zero line. */
export function areaPath(run: ChartPosition[], zeroY: number): string {
  const first = run[0];
  const last = run[run.length - 1];
  return `M${first.x},${zeroY} ${linePath(run).replace(/^M/, 'L')} L${
    last.x
  },${zeroY} Z`;
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
