import { StoredAlarm } from '../cloudwatch/types';
import {
  AlarmBuilder,
  AlarmRule,
  AlarmState,
  DEAD_LETTER_RULE,
  FAILED_RUN_RULE,
  inAlarmSince,
  LATENCY_P95_RULE,
  okSince,
} from '../scenarios/alarmBuilder';
import { FleetTable } from './fleetTable';
import { FunctionProfile } from './functionProfile';
import { FleetPattern, TICKET_BURN_MINUTES } from './layout';

/** The alarms a fleet function has, by the suffix of their names (`<function>-<kind>`). */
export type FleetAlarmKind =
  | 'errors'
  | 'errors-sustained'
  | 'latency-p95'
  | 'user-impact'
  | 'event-age'
  | 'dlq'
  | 'failed-run';

const KINDS: Record<FleetPattern, readonly FleetAlarmKind[]> = {
  api: ['errors', 'errors-sustained', 'latency-p95'],
  async: ['event-age', 'dlq'],
  batch: ['failed-run'],
};

/** The alarm that links no runbook, and the one without a severity tag, when the function has one. */
const WITHOUT_RUNBOOK: Record<FleetPattern, FleetAlarmKind> = {
  api: 'latency-p95',
  async: 'dlq',
  batch: 'failed-run',
};
const UNCLASSIFIED: Record<FleetPattern, FleetAlarmKind> = {
  api: 'errors-sustained',
  async: 'dlq',
  batch: 'failed-run',
};

/** The heading of the team runbook each kind of alarm links to. */
const RUNBOOK_SECTIONS: Record<FleetAlarmKind, string> = {
  errors: 'errors',
  'errors-sustained': 'errors',
  'latency-p95': 'latency',
  'user-impact': 'a-triage-in-3-minutes',
  'event-age': 'event-age',
  dlq: 'dead-letters',
  'failed-run': 'failed-runs',
};

const SEVERITIES: Record<FleetAlarmKind, 'page' | 'ticket'> = {
  errors: 'page',
  'errors-sustained': 'ticket',
  'latency-p95': 'ticket',
  'user-impact': 'page',
  'event-age': 'page',
  dlq: 'ticket',
  'failed-run': 'ticket',
};

/** The kinds of alarm a function has; known from its table entry alone (no profile needed). */
export function alarmKindsOf(
  table: FleetTable,
  index: number,
): FleetAlarmKind[] {
  const kinds = [...KINDS[table.pattern(index)]];
  if (table.has(index, 'compositeAlarm')) kinds.push('user-impact');
  return kinds;
}

/** `<function>-<kind>`: the function's name ends in five digits, which sets the two apart. */
const ALARM_NAME = /^(.+-\d{5})-([a-z0-9-]+)$/;

export function alarmNameOf(functionName: string, kind: FleetAlarmKind) {
  return `${functionName}-${kind}`;
}

/** The function and kind of a fleet alarm name, if it is one. */
export function parseAlarmName(
  name: string,
): { functionName: string; kind: FleetAlarmKind } | undefined {
  const match = ALARM_NAME.exec(name);
  return match && Object.hasOwn(SEVERITIES, match[2])
    ? { functionName: match[1], kind: match[2] as FleetAlarmKind }
    : undefined;
}

/** What the fleet's manifest and tests know about an alarm, without building it. */
export interface FleetAlarmFacts {
  name: string;
  kind: FleetAlarmKind;
  type: 'metric' | 'composite';
  /** The `severity` tag; `unclassified` when the alarm has none. */
  severity: 'page' | 'ticket' | 'unclassified';
  state: AlarmState['value'];
  /** The runbook link in the description; `null` when there is none. */
  runbookUrl: string | null;
}

/** The runbook of a team, a page per team under `<runbookBaseUrl>fleet/`. */
export function teamRunbookUrl(runbookBaseUrl: string, team: string): string {
  return `${runbookBaseUrl}fleet/${team}.md`;
}

/** When the alarm entered its state, following the function's health. */
function stateOf(profile: FunctionProfile, kind: FleetAlarmKind): AlarmState {
  const burn = profile.burn?.minutes;
  if (profile.invocationsPerMinute === 0) {
    return {
      value: 'INSUFFICIENT_DATA',
      sinceMinutesAgo: 30 * 24 * 60,
      reason: 'Insufficient Data: no datapoints were received for the alarm.',
    };
  }
  if (profile.health === 'page' && burn !== undefined) {
    // The alarms of the burning metric turned ALARM a few minutes into the burn.
    const firing: Partial<Record<FleetAlarmKind, number>> = {
      errors: burn - 5,
      'user-impact': burn - 5,
      'event-age': burn - 5,
      dlq: burn - 1,
    };
    const since = firing[kind];
    if (since !== undefined) {
      return inAlarmSince(
        since,
        'Threshold Crossed: the datapoints were breaching the threshold.',
      );
    }
  }
  if (profile.health === 'ticket' && kind === 'errors-sustained') {
    return inAlarmSince(
      TICKET_BURN_MINUTES - 6 * 60,
      'Threshold Crossed: 6 out of the last 6 datapoints were greater than or equal to the threshold.',
    );
  }
  return okSince((2 + (profile.index % 20)) * 24 * 60);
}

export function alarmFactsOf(
  table: FleetTable,
  profile: FunctionProfile,
  runbookBaseUrl: string,
): FleetAlarmFacts[] {
  const { index, pattern } = profile;
  return alarmKindsOf(table, index).map(kind => ({
    name: alarmNameOf(profile.name, kind),
    kind,
    type: kind === 'user-impact' ? 'composite' : 'metric',
    severity:
      table.has(index, 'unclassifiedAlarm') && UNCLASSIFIED[pattern] === kind
        ? 'unclassified'
        : SEVERITIES[kind],
    state: stateOf(profile, kind).value,
    runbookUrl:
      table.has(index, 'alarmWithoutRunbook') &&
      WITHOUT_RUNBOOK[pattern] === kind
        ? null
        : `${teamRunbookUrl(runbookBaseUrl, profile.team.name)}#${
            RUNBOOK_SECTIONS[kind]
          }`,
  }));
}

const DESCRIPTIONS: Record<FleetAlarmKind, (fn: string) => string> = {
  errors: fn =>
    `${fn} fails requests fast enough to spend 2 % of its monthly error budget in an hour.`,
  'errors-sustained': fn =>
    `${fn} has spent its error budget faster than it earns it for 6 hours.`,
  'latency-p95': fn => `p95 Duration of ${fn} above 500 ms for 15 minutes.`,
  'user-impact': fn => `Users of ${fn} are hurt: errors or slow answers.`,
  'event-age': fn => `Events wait more than 5 minutes for ${fn}.`,
  dlq: fn => `Events of ${fn} go to its dead-letter queue.`,
  'failed-run': fn => `A run of ${fn} failed.`,
};

/** Events waiting 5 minutes or more, 5 minutes in a row. */
const EVENT_AGE_RULE: AlarmRule = {
  metricName: 'AsyncEventAge',
  stat: 'Maximum',
  period: 60,
  evaluationPeriods: 5,
  datapointsToAlarm: 5,
  threshold: 300_000,
  comparison: 'GreaterThanOrEqualToThreshold',
};

/** What each kind of metric alarm watches; error thresholds follow the error budget. */
const RULES: Record<
  Exclude<FleetAlarmKind, 'user-impact'>,
  (invocationsPerMinute: number) => AlarmRule
> = {
  // 14.4× the budget's rate of 0.1 %: 2 % of a 30-day budget in an hour.
  errors: rate => ({
    metricName: 'Errors',
    stat: 'Sum',
    period: 60,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    threshold: Math.max(1, Math.ceil(rate * 0.0144)),
    comparison: 'GreaterThanOrEqualToThreshold',
  }),
  // 1× the budget's rate, hour after hour.
  'errors-sustained': rate => ({
    metricName: 'Errors',
    stat: 'Sum',
    period: 3600,
    evaluationPeriods: 6,
    datapointsToAlarm: 6,
    threshold: Math.max(1, Math.ceil(rate * 60 * 0.001)),
    comparison: 'GreaterThanOrEqualToThreshold',
  }),
  'latency-p95': () => LATENCY_P95_RULE,
  'event-age': () => EVENT_AGE_RULE,
  dlq: () => DEAD_LETTER_RULE,
  'failed-run': () => FAILED_RUN_RULE,
};

/** Builds one of a function's alarms as CloudWatch describes it. */
export function buildFleetAlarm(
  facts: FleetAlarmFacts,
  profile: FunctionProfile,
  builder: AlarmBuilder,
): StoredAlarm {
  const fn = profile.name;
  const tags: Record<string, string> = {};
  if (facts.severity !== 'unclassified') {
    tags.severity = facts.severity;
  }
  tags.service = fn;
  tags.team = profile.team.name;
  const runbook = facts.runbookUrl
    ? ` Runbook: ${facts.runbookUrl}`
    : ' (runbook to be written)';
  const state = stateOf(profile, facts.kind);
  if (facts.kind === 'user-impact') {
    return builder.compositeAlarm({
      name: facts.name,
      description: `${DESCRIPTIONS['user-impact'](fn)}${runbook}`,
      state,
      tags,
      rule: `ALARM("${alarmNameOf(fn, 'errors')}") OR ALARM("${alarmNameOf(
        fn,
        'latency-p95',
      )}")`,
    });
  }
  return builder.lambdaAlarm({
    name: facts.name,
    functionName: fn,
    rule: RULES[facts.kind](profile.invocationsPerMinute),
    description: `${DESCRIPTIONS[facts.kind](fn)}${runbook}`,
    tags,
    state,
  });
}
