import type {
  BurnRateRow,
  ErrorBudget,
  FleetStatus,
  Slo,
  SloStatus,
} from '../types';

/**
 * Below this share of budget left an SLO is a warning, the default that CloudWatch
 * Application Signals uses too.
 *
 * @public
 */
export const DEFAULT_WARNING_REMAINING = 0.5;

/**
 * Status of an SLO, in order of precedence: a firing page row, then an exhausted budget,
 * then a firing ticket row or a budget under the warning threshold. A row that cannot
 * tell (no published data in a window) makes the status `no-data` rather than `ok`: the
 * newest minutes missing is no sign of health.
 *
 * @public
 */
export function computeSloStatus(
  budget: ErrorBudget,
  burnRates: BurnRateRow[],
  warningRemaining: number = DEFAULT_WARNING_REMAINING,
): SloStatus {
  if (budget.remaining === null) {
    return 'no-data';
  }
  const firing = (severity: BurnRateRow['severity']) =>
    burnRates.some(row => row.severity === severity && row.firing);
  if (firing('page')) {
    return 'page';
  }
  if (budget.remaining <= 0) {
    return 'breached';
  }
  if (firing('ticket') || budget.remaining < warningRemaining) {
    return 'warning';
  }
  return burnRates.some(row => row.state === 'no-data') ? 'no-data' : 'ok';
}

/**
 * Statuses from worst to best, in the order on-call cares about: someone is paged, then a
 * spent budget, then a warning; `unknown` (AWS data unavailable, fleet views only) and
 * `no-data` rank above `ok`, since neither shows that all is well.
 *
 * @public
 */
export const STATUSES_WORST_FIRST: readonly FleetStatus[] = [
  'page',
  'breached',
  'warning',
  'unknown',
  'no-data',
  'ok',
];

/**
 * Where a status ranks in {@link STATUSES_WORST_FIRST}: 0 for the worst.
 *
 * @public
 */
export function statusRank(status: FleetStatus): number {
  return STATUSES_WORST_FIRST.indexOf(status);
}

/**
 * The worst of some SLO statuses; undefined for none.
 *
 * @public
 */
export function worstSloStatus(statuses: SloStatus[]): SloStatus | undefined {
  return STATUSES_WORST_FIRST.find((status): status is SloStatus =>
    statuses.includes(status as SloStatus),
  );
}

/**
 * The SLO with the least error budget left. SLOs without traffic have no figure, and
 * zero-tolerance ones have no budget (their `remaining` only says whether anything
 * failed), so neither takes part; their status still counts in {@link worstSloStatus}.
 *
 * @public
 */
export function lowestBudgetSlo(slos: Slo[]): Slo | undefined {
  let lowest: Slo | undefined;
  for (const slo of slos) {
    const remaining = slo.errorBudget.remaining;
    if (
      remaining !== null &&
      slo.budgetKind === 'ratio' &&
      (lowest === undefined || remaining < lowest.errorBudget.remaining!)
    ) {
      lowest = slo;
    }
  }
  return lowest;
}
