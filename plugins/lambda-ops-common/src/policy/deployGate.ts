import type {
  BudgetPolicy,
  DeployGateDecision,
  DeployGateReason,
  Slo,
} from '../types';

/** What the gate weighs: the SLOs as the Operations tab shows them. @public */
export interface DeployGateInput {
  slos: ReadonlyArray<
    Pick<Slo, 'id' | 'description' | 'errorBudget' | 'burnRates'>
  >;
  policy: BudgetPolicy;
  /** The deploy puts back a version older than the one serving: always allowed. */
  rollback: boolean;
}

/** @public */
export interface DeployGateVerdict {
  decision: DeployGateDecision;
  reasons: DeployGateReason[];
  /** The lowest share of budget left among the SLOs; null when none is known. */
  budgetRemaining: number | null;
}

/** A share of the budget as people read it: 0.125 → "12.5%". */
function formatPercent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

const RANK: Record<DeployGateDecision, number> = {
  allow: 0,
  warn: 1,
  block: 2,
};

/**
 * The deploy gate of the error-budget policy: `block` when an SLO's budget left is under
 * `blockBelow` or a page row fires; `warn` under `warnBelow` or when a ticket row fires;
 * else `allow`. A rollback is always allowed, for it is the first move out of a burn, yet
 * keeps the reasons it overrides. An entity without SLOs is allowed, and told why.
 *
 * @public
 */
export function decideDeployGate(input: DeployGateInput): DeployGateVerdict {
  const { slos, policy } = input;
  const known = slos
    .map(slo => slo.errorBudget.remaining)
    .filter((r): r is number => r !== null);
  const budgetRemaining = known.length > 0 ? Math.min(...known) : null;
  if (slos.length === 0) {
    return {
      decision: 'allow',
      reasons: [
        {
          code: 'no-slos',
          message:
            'The entity has no SLOs, so no error budget holds the deploy back',
        },
      ],
      budgetRemaining,
    };
  }

  const reasons: Array<DeployGateReason & { decision: DeployGateDecision }> =
    [];
  for (const slo of slos) {
    const add = (
      decision: DeployGateDecision,
      code: DeployGateReason['code'],
      detail: string,
    ) =>
      reasons.push({
        decision,
        code,
        sloId: slo.id,
        message: `${slo.description}: ${detail}`,
      });
    const firing = (severity: 'page' | 'ticket') =>
      slo.burnRates.find(row => row.severity === severity && row.firing);
    const remaining = slo.errorBudget.remaining;
    const page = firing('page');
    if (page) {
      add(
        'block',
        'page-burn',
        `the budget burns ${page.long?.toFixed(1)}× too fast over ${
          page.longWindow
        } (page threshold ${page.threshold.toFixed(1)})`,
      );
    }
    if (remaining === null) {
      add(
        'allow',
        'no-data',
        'no traffic in the window, so no budget to judge',
      );
    } else if (remaining < policy.blockBelow) {
      add(
        'block',
        'budget-exhausted',
        `${formatPercent(
          remaining,
        )} of the budget left, below block-below ${formatPercent(
          policy.blockBelow,
        )}`,
      );
    } else if (remaining < policy.warnBelow) {
      add(
        'warn',
        'budget-low',
        `${formatPercent(
          remaining,
        )} of the budget left, below warn-below ${formatPercent(
          policy.warnBelow,
        )}`,
      );
    }
    const ticket = firing('ticket');
    if (ticket && !page) {
      add(
        'warn',
        'ticket-burn',
        `the budget burns ${ticket.long?.toFixed(2)}× too fast over ${
          ticket.longWindow
        } (ticket threshold ${ticket.threshold.toFixed(2)})`,
      );
    }
  }

  const worst = reasons.reduce<DeployGateDecision>(
    (decision, reason) =>
      RANK[reason.decision] > RANK[decision] ? reason.decision : decision,
    'allow',
  );
  const told = reasons.map(({ decision: _decision, ...reason }) => reason);
  if (input.rollback) {
    return {
      decision: 'allow',
      reasons: [
        {
          code: 'rollback',
          message:
            worst === 'allow'
              ? 'A rollback to an earlier version is always allowed'
              : `A rollback to an earlier version is always allowed, though the gate would ${worst} a deploy`,
        },
        ...told,
      ],
      budgetRemaining,
    };
  }
  if (told.length === 0) {
    told.push({
      code: 'within-policy',
      message: `Every SLO is within its budget policy (block below ${formatPercent(
        policy.blockBelow,
      )}, warn below ${formatPercent(
        policy.warnBelow,
      )} left) and no burn-rate row fires`,
    });
  }
  return { decision: worst, reasons: told, budgetRemaining };
}

/**
 * Whether deploying `requested` puts back an earlier published version than `serving`
 * (both Lambda version numbers, e.g. "41" after "42"). Aliases and `$LATEST` are no
 * rollback: their age cannot be told from the name.
 *
 * @public
 */
export function isRollback(
  requested: string | null | undefined,
  serving: string | null | undefined,
): boolean {
  const version = /^\d+$/;
  if (!requested || !serving) {
    return false;
  }
  if (!version.test(requested) || !version.test(serving)) {
    return false;
  }
  return Number(requested) < Number(serving);
}
