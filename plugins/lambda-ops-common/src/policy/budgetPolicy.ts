import { BUDGET_POLICY_ANNOTATION } from '../annotations/constants';
import type { BudgetPolicy, Problem } from '../types';

/**
 * Block a deploy once the budget is spent, warn once under a quarter of it is left.
 *
 * @public
 */
export const DEFAULT_BUDGET_POLICY: BudgetPolicy = {
  blockBelow: 0,
  warnBelow: 0.25,
};

/** A valid policy, for messages that say how to write one. @public */
export const BUDGET_POLICY_EXAMPLE = 'block-below: 0, warn-below: 0.25';

const KEYS: Record<string, keyof BudgetPolicy> = {
  'block-below': 'blockBelow',
  'warn-below': 'warnBelow',
};

/** @public */
export interface ParsedBudgetPolicy {
  policy: BudgetPolicy;
  /** What was malformed; the fallback policy then applies whole. */
  problems: Problem[];
}

/**
 * Reads a budget policy written `block-below: 0, warn-below: 0.25`: shares of the error
 * budget left (a share may be negative, for a budget allowed to be overspent), each key
 * optional, commas or new lines between them; what is left out comes from `fallback`.
 * Lists what is malformed rather than throwing.
 *
 * @public
 */
export function readBudgetPolicy(
  text: string,
  fallback: BudgetPolicy,
): { policy: BudgetPolicy; errors: string[] } {
  const policy = { ...fallback };
  const errors: string[] = [];
  for (const part of text.split(/[,\n]/).map(p => p.trim())) {
    if (part === '') {
      continue;
    }
    const match = /^([a-z-]+)\s*:\s*(\S+)$/.exec(part);
    const key = match && KEYS[match[1]];
    if (!match || !key) {
      errors.push(`"${part}" is not block-below or warn-below with a value`);
      continue;
    }
    const value = Number(match[2]);
    if (!Number.isFinite(value) || value > 1) {
      errors.push(
        `${match[1]} "${match[2]}" is not a share of the budget up to 1 (0.25 is a quarter)`,
      );
      continue;
    }
    policy[key] = value;
  }
  if (errors.length === 0 && policy.warnBelow < policy.blockBelow) {
    errors.push(
      `warn-below ${policy.warnBelow} is under block-below ${policy.blockBelow}, so it would never warn`,
    );
  }
  return { policy, errors };
}

/**
 * The budget policy of the `lambda-ops/budget-policy` annotation (see
 * {@link readBudgetPolicy}). Never throws: a malformed policy is a problem naming the
 * annotation with a valid example, and `fallback` applies whole, as half a policy someone
 * got wrong is no policy they meant.
 *
 * @public
 */
export function parseBudgetPolicy(
  text: string | undefined,
  fallback: BudgetPolicy = DEFAULT_BUDGET_POLICY,
): ParsedBudgetPolicy {
  if (text === undefined || text.trim() === '') {
    return { policy: fallback, problems: [] };
  }
  const { policy, errors } = readBudgetPolicy(text, fallback);
  if (errors.length > 0) {
    return {
      policy: fallback,
      problems: [
        {
          code: 'invalid-annotation',
          annotation: BUDGET_POLICY_ANNOTATION,
          message: `Annotation ${BUDGET_POLICY_ANNOTATION}: ${errors.join(
            '; ',
          )}. Write it as e.g. "${BUDGET_POLICY_EXAMPLE}"; the policy block-below ${
            fallback.blockBelow
          }, warn-below ${fallback.warnBelow} applies meanwhile`,
        },
      ],
    };
  }
  return { policy, problems: [] };
}
