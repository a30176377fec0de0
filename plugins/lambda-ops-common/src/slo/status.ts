import type { BurnRateRow, ErrorBudget, SloStatus } from '../types';

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
