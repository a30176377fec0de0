/**
 * Number formatting for the Operations tab. The contract carries fractions
 * (0.999); people read percentages (99.9%).
 */
import type { Slo, SloObjective } from '@lambda-ops/backstage-plugin-common';

const MAX_DECIMALS = 4;

/** How many decimals a percentage needs to be shown exactly (99.9 → 1, 99 → 0). */
function percentDecimals(fraction: number): number {
  const percent = fraction * 100;
  for (let decimals = 0; decimals < MAX_DECIMALS; decimals++) {
    const scaled = percent * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6) {
      return decimals;
    }
  }
  return MAX_DECIMALS;
}

/** An SLO target, exactly and without trailing zeros: 0.999 → "99.9%", 0.99 → "99%". */
export function formatTarget(target: number): string {
  return `${(target * 100).toFixed(percentDecimals(target))}%`;
}

/**
 * Decimals for an attainment next to its target: one more than the target
 * shows, and at least two (target 99.9% or 99% → 2, target 99.95% → 3), so
 * the difference to the target is visible.
 */
export function attainmentDecimals(target: number): number {
  return Math.min(MAX_DECIMALS, Math.max(2, percentDecimals(target) + 1));
}

/**
 * An attainment as a percentage with {@link attainmentDecimals} decimals,
 * truncated rather than rounded so it never reads as meeting a target it
 * misses (0.99896 against 99.9% → "99.89%", not "99.90%").
 * `null` (no traffic in the window) → "No data".
 */
export function formatAttainment(
  attainment: number | null,
  target: number,
): string {
  if (attainment === null || !Number.isFinite(attainment)) {
    return 'No data';
  }
  const decimals = attainmentDecimals(target);
  const scale = 10 ** decimals;
  // The epsilon absorbs binary noise such as 0.9998 * 10000 = 9997.999999999998.
  const truncated = Math.floor(attainment * 100 * scale + 1e-6) / scale;
  return `${truncated.toFixed(decimals)}%`;
}

/**
 * Error budget remaining as a percentage rounded to one decimal:
 * 0.951 → "95.1%", -0.25 → "-25.0%". `null` → "No data".
 */
export function formatBudgetRemaining(remaining: number | null): string {
  if (remaining === null || !Number.isFinite(remaining)) {
    return 'No data';
  }
  return `${(remaining * 100).toFixed(1)}%`;
}

const countFormat = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 1,
});

/** An event, period or run count with thousands separators: 4320 → "4,320", 43.2 → "43.2". */
export function formatCount(value: number): string {
  return countFormat.format(value);
}

const rateFormat = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 2,
});

/** A burn rate or threshold, at most two decimals: 14.4 → "14.4", 0.9333 → "0.93". `null` → "–". */
export function formatBurnRate(value: number | null): string {
  if (value === null || !Number.isFinite(value)) {
    return '–';
  }
  return rateFormat.format(value);
}

const shortPercentFormat = new Intl.NumberFormat('en-US', {
  style: 'percent',
  maximumFractionDigits: 1,
});

/**
 * A budget fraction as a short percentage for chart labels, at most one decimal and
 * no trailing zero: 1 → "100%", 0.399 → "39.9%", -0.25 → "-25%".
 */
export function formatPercentShort(fraction: number): string {
  // Below half the last shown decimal the value reads as zero, never as "-0%".
  return shortPercentFormat.format(Math.abs(fraction) < 0.0005 ? 0 : fraction);
}

/** The number of days of a window written in days ("30d" → 30). */
function windowDays(window: string): number | undefined {
  const days = /^(\d+)d$/.exec(window);
  return days ? Number(days[1]) : undefined;
}

/** An SLO window in words: "30d" → "30 days", "1d" → "1 day"; other durations as written. */
export function formatWindow(window: string): string {
  const days = windowDays(window);
  if (days === undefined) {
    return window;
  }
  return days === 1 ? '1 day' : `${days} days`;
}

/** An SLO window as a label: "30d" → "30-day window", "720h" → "720h window". */
export function formatWindowLabel(window: string): string {
  const days = windowDays(window);
  return `${days === undefined ? window : `${days}-day`} window`;
}

/** What failed, singular and plural, for objectives that name it better than "failure". */
const FAILURE_NOUNS: Partial<Record<SloObjective, [string, string]>> = {
  'failed-deliveries': ['failed delivery', 'failed deliveries'],
};

/**
 * The failures of a zero-tolerance SLO in words: "Zero failed deliveries",
 * "1 failed delivery", "10 failed deliveries"; "No data" without traffic.
 */
export function formatFailures(slo: Slo): string {
  const { consumed, remaining } = slo.errorBudget;
  if (remaining === null) {
    return 'No data';
  }
  const [one, many] = FAILURE_NOUNS[slo.objective] ?? ['failure', 'failures'];
  if (consumed === 0) {
    return `Zero ${many}`;
  }
  return `${formatCount(consumed)} ${consumed === 1 ? one : many}`;
}
