import {
  RUNBOOK_ANNOTATION,
  SLO_PATTERN_ANNOTATION,
} from '../annotations/constants';
import type {
  Alarm,
  CoverageCheck,
  CoverageCheckId,
  CoverageEntity,
  CoverageOwner,
  CoverageResult,
  Slo,
} from '../types';
import { coverageAlarmCounts } from './coverageAlarmCounts';
import type {
  FleetEntitySnapshot,
  RunbookReachability,
} from './FleetEntitySnapshot';

/**
 * The six runbook-coverage checks, in the order the scorecard shows them.
 *
 * @public
 */
export const COVERAGE_CHECKS: readonly CoverageCheck[] = [
  {
    id: 'slo-pattern',
    title: 'SLO pattern',
    description: `\`${SLO_PATTERN_ANNOTATION}\` is present and valid`,
  },
  {
    id: 'runbook',
    title: 'Runbook',
    description: `\`${RUNBOOK_ANNOTATION}\` is present and the runbook can be read`,
  },
  {
    id: 'alarms-have-runbooks',
    title: 'Alarms link runbooks',
    description:
      "Every alarm of the entity's functions links a runbook that resolves (n/a: no alarms)",
  },
  {
    id: 'alarms-classified',
    title: 'Alarms classified',
    description: 'Every alarm is `page` or `ticket` (n/a: no alarms)',
  },
  {
    id: 'page-alarm',
    title: 'Page alarm',
    description: 'At least one `page` alarm exists for the functions',
  },
  {
    id: 'slo-met',
    title: 'SLOs met',
    description:
      "Every SLO's attainment is at least its target over its window (n/a: no SLO has data)",
  },
];

const pass = (reason: string): CoverageResult => ({ result: 'pass', reason });
const fail = (reason: string): CoverageResult => ({ result: 'fail', reason });
const notApplicable = (reason: string): CoverageResult => ({
  result: 'n/a',
  reason,
});

/** Several findings in one reason, the first few named and the rest counted. */
function listed(findings: string[], limit = 3): string {
  const shown = findings.slice(0, limit).join('; ');
  const more = findings.length - limit;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

function checkSloPattern(snapshot: FleetEntitySnapshot): CoverageResult {
  if (snapshot.pattern !== null) {
    return pass(`\`${SLO_PATTERN_ANNOTATION}\` is ${snapshot.pattern}`);
  }
  const invalid = snapshot.problems.find(
    p =>
      p.code === 'invalid-annotation' &&
      p.annotation === SLO_PATTERN_ANNOTATION,
  );
  return fail(
    invalid
      ? `fix \`${SLO_PATTERN_ANNOTATION}\`: ${invalid.message}`
      : `add \`${SLO_PATTERN_ANNOTATION}\` (api, async or batch)`,
  );
}

function checkRunbook(snapshot: FleetEntitySnapshot): CoverageResult {
  const { runbook } = snapshot;
  if (runbook === null) {
    return fail(`add \`${RUNBOOK_ANNOTATION}\``);
  }
  return runbook.readable
    ? pass(`the runbook ${runbook.url} can be read`)
    : fail(
        `\`${RUNBOOK_ANNOTATION}\` links ${runbook.url} which ${
          runbook.reason ?? 'cannot be read'
        }`,
      );
}

/** The reasons, if any, why one alarm's runbook link is a defect. */
function alarmRunbookDefect(
  alarm: Alarm,
  reachability: ReadonlyMap<string, RunbookReachability>,
): string | null {
  if (alarm.runbookUrl === null) {
    return `alarm ${alarm.name} links no runbook: add its URL to the alarm description or a \`runbook\` tag`;
  }
  const reach = reachability.get(alarm.runbookUrl);
  if (!reach) {
    // Not yet looked at: until the collector reads it, nobody knows that it resolves.
    return `alarm ${alarm.name} links ${alarm.runbookUrl} which has not been checked yet; it is read at the next refresh`;
  }
  if (!reach.readable) {
    return `alarm ${alarm.name} links ${alarm.runbookUrl} which ${
      reach.reason ?? 'cannot be read'
    }`;
  }
  return alarm.runbookProblem
    ? `alarm ${alarm.name}: ${alarm.runbookProblem}`
    : null;
}

function checkAlarmsHaveRunbooks(
  snapshot: FleetEntitySnapshot,
): CoverageResult {
  if (snapshot.alarms.length === 0) {
    return notApplicable('no alarms');
  }
  const reachability = new Map(snapshot.alarmRunbooks.map(r => [r.url, r]));
  const defects = snapshot.alarms
    .map(alarm => alarmRunbookDefect(alarm, reachability))
    .filter((defect): defect is string => defect !== null);
  return defects.length
    ? fail(listed(defects))
    : pass(`all ${snapshot.alarms.length} alarms link a runbook that resolves`);
}

function checkAlarmsClassified(snapshot: FleetEntitySnapshot): CoverageResult {
  if (snapshot.alarms.length === 0) {
    return notApplicable('no alarms');
  }
  const unclassified = snapshot.alarms
    .filter(alarm => alarm.severity === 'unclassified')
    .map(alarm => alarm.name);
  return unclassified.length
    ? fail(
        `${listed(
          unclassified,
        )}: neither page nor ticket; tag the alarm severity=page or severity=ticket, or put page or ticket in its name`,
      )
    : pass(`all ${snapshot.alarms.length} alarms are page or ticket`);
}

function checkPageAlarm(snapshot: FleetEntitySnapshot): CoverageResult {
  const pages = snapshot.alarms.filter(alarm => alarm.severity === 'page');
  return pages.length
    ? pass(`${pages.length} page alarm${pages.length === 1 ? '' : 's'}`)
    : fail(
        "no page alarm for the entity's functions: add one (the Alarms tab generates a template)",
      );
}

function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(3))}%`;
}

function missedSlo(slo: Slo): string | null {
  return slo.attainment !== null && slo.attainment < slo.target
    ? `${slo.description} attains ${percent(slo.attainment)} against ${percent(
        slo.target,
      )} over ${slo.window}`
    : null;
}

function checkSloMet(snapshot: FleetEntitySnapshot): CoverageResult {
  const measured = snapshot.slos.filter(slo => slo.status !== 'no-data');
  if (measured.length === 0) {
    return notApplicable(
      snapshot.slos.length ? 'no SLO has data in its window' : 'no SLOs',
    );
  }
  const missed = measured.map(missedSlo).filter((m): m is string => m !== null);
  return missed.length
    ? fail(listed(missed))
    : pass(`all ${measured.length} SLOs with data meet their targets`);
}

const CHECKS_FROM_SNAPSHOT: Record<
  CoverageCheckId,
  (snapshot: FleetEntitySnapshot) => CoverageResult
> = {
  'slo-pattern': checkSloPattern,
  runbook: checkRunbook,
  'alarms-have-runbooks': checkAlarmsHaveRunbooks,
  'alarms-classified': checkAlarmsClassified,
  'page-alarm': checkPageAlarm,
  'slo-met': checkSloMet,
};

/** The checks that need AWS data; they cannot be judged when it could not be read. */
const AWS_CHECKS: ReadonlySet<CoverageCheckId> = new Set([
  'alarms-have-runbooks',
  'alarms-classified',
  'page-alarm',
  'slo-met',
]);

/**
 * Passed ÷ (passed + failed), n/a left out; null when every check is n/a.
 *
 * @public
 */
export function coverageScore(
  results: Iterable<Pick<CoverageResult, 'result'>>,
): number | null {
  let passed = 0;
  let judged = 0;
  for (const { result } of results) {
    if (result !== 'n/a') {
      judged += 1;
      passed += result === 'pass' ? 1 : 0;
    }
  }
  return judged ? passed / judged : null;
}

/**
 * The six checks for one entity, each with a reason that names the fix when it fails,
 * and the entity's score. Checks that need AWS data are n/a, with the reason, when the
 * entity's AWS data could not be read.
 *
 * @public
 */
export function evaluateCoverage(
  snapshot: FleetEntitySnapshot,
): CoverageEntity {
  const checks = Object.fromEntries(
    COVERAGE_CHECKS.map(({ id }) => [
      id,
      snapshot.unavailableReason !== null && AWS_CHECKS.has(id)
        ? notApplicable(`AWS data unavailable: ${snapshot.unavailableReason}`)
        : CHECKS_FROM_SNAPSHOT[id](snapshot),
    ]),
  ) as Record<CoverageCheckId, CoverageResult>;
  return {
    entityRef: snapshot.entityRef,
    owner: snapshot.owner,
    alarms: coverageAlarmCounts(snapshot),
    score: coverageScore(Object.values(checks)),
    checks,
  };
}

/** The mean of some scores, leaving out the entities that had none; null for none. */
function meanScore(scores: Iterable<number | null>): number | null {
  let sum = 0;
  let count = 0;
  for (const score of scores) {
    if (score !== null) {
      sum += score;
      count += 1;
    }
  }
  return count ? sum / count : null;
}

/** Lower scores first, those without a score last, then by name. */
function byScoreThenName(
  a: { score: number | null; name: string },
  b: { score: number | null; name: string },
): number {
  const scoreA = a.score ?? Infinity;
  const scoreB = b.score ?? Infinity;
  if (scoreA !== scoreB) {
    return scoreA < scoreB ? -1 : 1;
  }
  return a.name < b.name ? -1 : Number(a.name > b.name);
}

/**
 * One line per owner: its entities, the mean of their scores and how many fail each
 * check, worst owners first.
 *
 * @public
 */
export function summarizeCoverageByOwner(
  entities: readonly CoverageEntity[],
): CoverageOwner[] {
  const byOwner = new Map<string, CoverageEntity[]>();
  for (const entity of entities) {
    const list = byOwner.get(entity.owner);
    if (list) {
      list.push(entity);
    } else {
      byOwner.set(entity.owner, [entity]);
    }
  }
  return [...byOwner]
    .map(([owner, owned]) => {
      const failing = Object.fromEntries(
        COVERAGE_CHECKS.map(({ id }) => [
          id,
          owned.filter(e => e.checks[id]?.result === 'fail').length,
        ]),
      );
      return {
        owner,
        entities: owned.length,
        score: meanScore(owned.map(e => e.score)),
        failing,
      };
    })
    .sort((a, b) =>
      byScoreThenName(
        { score: a.score, name: a.owner },
        { score: b.score, name: b.owner },
      ),
    );
}

/**
 * The scorecard of some entities: each entity's checks (worst score first, then by ref),
 * the owners worst first, and the total.
 *
 * @public
 */
export function buildCoverage(snapshots: readonly FleetEntitySnapshot[]): {
  entities: CoverageEntity[];
  owners: CoverageOwner[];
  total: { entities: number; score: number | null };
} {
  const entities = snapshots
    .map(evaluateCoverage)
    .sort((a, b) =>
      byScoreThenName(
        { score: a.score, name: a.entityRef },
        { score: b.score, name: b.entityRef },
      ),
    );
  return {
    entities,
    owners: summarizeCoverageByOwner(entities),
    total: coverageTotal(entities),
  };
}

/**
 * How many entities the scorecard holds and the mean of their scores.
 *
 * @public
 */
export function coverageTotal(entities: readonly CoverageEntity[]): {
  entities: number;
  score: number | null;
} {
  return {
    entities: entities.length,
    score: meanScore(entities.map(e => e.score)),
  };
}
