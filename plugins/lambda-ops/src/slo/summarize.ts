import type { Slo, SloStatus } from '@lambda-ops/backstage-plugin-common';
import { isZeroTolerance } from './zeroTolerance';

/**
 * Statuses from worst to best, in the order on-call cares about: someone is paged,
 * then a spent budget, then a warning. No data ranks last, as it says nothing is wrong
 * (nor right).
 */
const STATUSES_WORST_FIRST: readonly SloStatus[] = [
  'page',
  'breached',
  'warning',
  'ok',
  'no-data',
];

/** The worst of some statuses (page > breached > warning > ok > no-data); undefined for none. */
export function worstStatus(statuses: SloStatus[]): SloStatus | undefined {
  return STATUSES_WORST_FIRST.find(status => statuses.includes(status));
}

/**
 * The SLO with the least error budget left. SLOs without traffic have no figure, and
 * zero-tolerance ones have no budget (their `remaining` only says whether anything
 * failed), so neither takes part; their status still counts in {@link worstStatus}.
 */
export function lowestBudgetSlo(slos: Slo[]): Slo | undefined {
  let lowest: Slo | undefined;
  let lowestRemaining = Infinity;
  for (const slo of slos) {
    const remaining = slo.errorBudget.remaining;
    if (
      remaining !== null &&
      !isZeroTolerance(slo) &&
      remaining < lowestRemaining
    ) {
      lowest = slo;
      lowestRemaining = remaining;
    }
  }
  return lowest;
}
