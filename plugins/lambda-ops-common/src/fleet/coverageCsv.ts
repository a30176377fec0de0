import type { CoverageEntity, CoverageResult } from '../types';
import { COVERAGE_CHECKS } from './coverage';
import { toCsv } from './csv';

/** A check's cell: the result, and for a failure the reason that names the fix. */
function cell(check: CoverageResult | undefined): string {
  if (!check) {
    return '';
  }
  return check.result === 'fail' ? `fail: ${check.reason}` : check.result;
}

/**
 * The scorecard as CSV: one line per entity, with its owner, score and a column per check.
 *
 * @public
 */
export function coverageToCsv(entities: readonly CoverageEntity[]): string {
  return toCsv(
    ['entityRef', 'owner', 'score', ...COVERAGE_CHECKS.map(check => check.id)],
    entities.map(entity => [
      entity.entityRef,
      entity.owner,
      entity.score,
      ...COVERAGE_CHECKS.map(check => cell(entity.checks[check.id])),
    ]),
  );
}
