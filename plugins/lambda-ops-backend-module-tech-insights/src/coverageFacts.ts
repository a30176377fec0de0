import { parseEntityRef } from '@backstage/catalog-model';
import type { TechInsightFact } from '@backstage-community/plugin-tech-insights-node';
import type {
  CoverageCheckId,
  CoverageResponse,
} from '@lambda-ops/backstage-plugin-common';
import { DateTime } from 'luxon';

type CoverageEntity = CoverageResponse['entities'][number];

/** The boolean facts, each the verdict of one coverage check. */
const CHECK_FACTS: ReadonlyArray<[fact: string, check: CoverageCheckId]> = [
  ['hasSloPattern', 'slo-pattern'],
  ['hasReadableRunbook', 'runbook'],
  ['sloMet', 'slo-met'],
];

/**
 * A check's verdict as a boolean; undefined when it does not apply (`n/a`) or was not
 * reported. The fact is then left out, and Tech Insights' JSON rules engine skips the
 * checks that use it instead of failing them, as the scorecard leaves n/a out of the score.
 */
function verdict(entity: CoverageEntity, check: CoverageCheckId) {
  const result = entity.checks[check]?.result;
  return result === 'pass' || result === 'fail' ? result === 'pass' : undefined;
}

function entityFacts(entity: CoverageEntity): TechInsightFact['facts'] {
  const facts: TechInsightFact['facts'] = {
    alarmsWithoutRunbook: entity.alarms.withoutRunbook,
    unclassifiedAlarms: entity.alarms.unclassified,
    pageAlarms: entity.alarms.page,
  };
  for (const [fact, check] of CHECK_FACTS) {
    const value = verdict(entity, check);
    if (value !== undefined) {
      facts[fact] = value;
    }
  }
  if (entity.score !== null) {
    facts.coverageScore = entity.score;
  }
  return facts;
}

/**
 * The `lambda-ops-coverage` facts of every entity of a coverage scorecard, stamped with the
 * time its snapshot was collected.
 */
export function coverageFacts(
  coverage: CoverageResponse & { snapshotAt: string },
): TechInsightFact[] {
  const timestamp = DateTime.fromISO(coverage.snapshotAt, { zone: 'utc' });
  return coverage.entities.map(entity => {
    const { kind, namespace, name } = parseEntityRef(entity.entityRef);
    return {
      entity: { kind, namespace, name },
      facts: entityFacts(entity),
      timestamp,
    };
  });
}
