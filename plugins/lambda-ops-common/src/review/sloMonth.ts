import type { Slo, SloMonthVerdict } from '../types';

/**
 * What is kept of one SLO over one calendar month, enough to judge it again.
 *
 * @public
 */
export interface SloMonthFigures {
  target: number;
  budgetKind: Slo['budgetKind'];
  /** Share of good events or periods; null without traffic or for zero tolerance. */
  attainment: number | null;
  /**
   * Share of the month's budget spent (above 1 when overspent); for a zero-tolerance
   * objective the count of failures; null without data.
   */
  budgetConsumed: number | null;
}

/**
 * The month's figures of an SLO evaluated over exactly that month.
 *
 * @public
 */
export function sloMonthFigures(slo: Slo): SloMonthFigures {
  const { errorBudget } = slo;
  let budgetConsumed: number | null = null;
  if (slo.budgetKind === 'zero-tolerance') {
    budgetConsumed = errorBudget?.consumed ?? null;
  } else if (errorBudget && errorBudget.total > 0) {
    // Targets are never 100 %, so traffic always leaves a budget above zero.
    budgetConsumed = errorBudget.consumed / errorBudget.total;
  }
  return {
    target: slo.target,
    budgetKind: slo.budgetKind,
    attainment: slo.attainment,
    budgetConsumed,
  };
}

/**
 * How an SLO did over a month: `missed` when it spent more than its budget (for a
 * zero-tolerance objective: any failure); `never-burning` when it had traffic and not
 * one bad event or period, so the target tells nothing and may be too loose; `met`
 * otherwise; `no-data` without traffic. Zero-tolerance objectives are never
 * "never burning": zero is their target.
 *
 * @public
 */
export function classifySloMonth(figures: SloMonthFigures): SloMonthVerdict {
  const { budgetConsumed } = figures;
  if (budgetConsumed === null) {
    return 'no-data';
  }
  if (figures.budgetKind === 'zero-tolerance') {
    return budgetConsumed > 0 ? 'missed' : 'met';
  }
  if (figures.attainment === null) {
    return 'no-data';
  }
  if (budgetConsumed > 1) {
    return 'missed';
  }
  return budgetConsumed === 0 ? 'never-burning' : 'met';
}

function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(4))}%`;
}

/**
 * What a month's verdict suggests: for a target that never burns, tightening it toward
 * what was reached; for a miss, looking at the month's deploys and incidents.
 *
 * @public
 */
export function sloMonthHint(
  verdict: SloMonthVerdict,
  figures: SloMonthFigures,
): string | null {
  if (verdict === 'never-burning') {
    return `Not one bad event or period all month against a target of ${percent(
      figures.target,
    )}: the target may be too loose; tighten it toward real performance so that the budget warns before users notice`;
  }
  if (verdict === 'missed') {
    return figures.budgetKind === 'zero-tolerance'
      ? `${figures.budgetConsumed} failures where none is allowed: review the month's deploys and incidents`
      : // Whole percent: the figures beside the hint give the exact share.
        `${Math.round(
          (figures.budgetConsumed ?? 0) * 100,
        )}% of the budget spent: review the month's deploys and incidents`;
  }
  return null;
}
