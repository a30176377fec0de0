import type { Slo, SloObjective } from '@lambda-ops/backstage-plugin-common';
import { formatCount } from './format';

/**
 * Zero-tolerance objectives, such as failed deliveries of async events, allow no
 * failure at all: target 1, no budget to spend (total 0), remaining 1 with no failure
 * and 0 with any. A percentage budget would read oddly for them, so they are shown as
 * a count of failures instead.
 */
export function isZeroTolerance(slo: Slo): boolean {
  return slo.target >= 1;
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
