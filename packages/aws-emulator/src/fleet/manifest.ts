import { accountArns } from '../scenarios/account';
import type { Fleet } from './fleet';
import { FleetAlarmFacts, teamRunbookUrl } from './fleetAlarms';
import { userEntities } from './fleetCatalog';
import {
  FLEET_ACCOUNTS,
  FLEET_HEALTHS,
  FLEET_PATTERNS,
  FLEET_TEAMS,
  FleetHealth,
  FleetPattern,
} from './layout';

/** The SLO status Lambda Ops' rules give a function of each health, with the default targets. */
export type FleetExpectedStatus = 'ok' | 'warning' | 'page' | 'no-data';

const EXPECTED_STATUS: Record<FleetHealth, FleetExpectedStatus> = {
  healthy: 'ok',
  // 30× the budget's rate in the last 70 minutes: both 1-hour page windows fire.
  page: 'page',
  // 2× for 4 days: the 3-day ticket row fires, no page row, more than half the budget left.
  ticket: 'warning',
  'no-traffic': 'no-data',
};

/** An alarm of a fleet function, and whether its runbook link answers. */
export interface FleetFunctionAlarm extends FleetAlarmFacts {
  /** False when the link is missing or its page is a 404 (a team without a runbook). */
  runbookAvailable: boolean;
}

/** One function of the fleet, as tests and benchmarks check it. */
export interface FleetFunction {
  index: number;
  name: string;
  arn: string;
  accountId: string;
  region: string;
  /** The owning Group's name. */
  team: string;
  pattern: FleetPattern;
  health: FleetHealth;
  expectedStatus: FleetExpectedStatus;
  invocationsPerMinute: number;
  /** The newest published version and the one a rollback goes to. */
  lastDeploy: {
    version: string;
    /** Before the fleet's start. */
    minutesAgo: number;
    gitSha: string;
    previousVersion: string | null;
  };
  alarms: FleetFunctionAlarm[];
  /** The function's Component in the catalog file. */
  entity: {
    name: string;
    /** `lambda-ops/runbook`; null when the entity has none. */
    runbookUrl: string | null;
    runbookAvailable: boolean;
    /** Whether it has `lambda-ops/slo-pattern` (else the default, api). */
    declaresPattern: boolean;
    applicationSignalsSlo: string | null;
  };
}

export interface FleetLocationCounts {
  region: string;
  functions: number;
  metricAlarms: number;
  compositeAlarms: number;
}

/** The fleet's own account of what it holds: the counts its tests and benchmarks check against. */
export interface FleetManifest {
  size: number;
  seed: number;
  runbookBaseUrl: string;
  accounts: Array<{
    accountId: string;
    name: string;
    regions: FleetLocationCounts[];
  }>;
  teams: Array<{
    name: string;
    accountId: string;
    functions: number;
    /** The team's runbook page; it answers 404 when `hasRunbook` is false. */
    runbookUrl: string;
    hasRunbook: boolean;
  }>;
  users: Array<{ name: string; memberOf: string[] }>;
  functions: {
    byPattern: Record<FleetPattern, number>;
    byHealth: Record<FleetHealth, number>;
  };
  alarms: {
    total: number;
    metric: number;
    composite: number;
    /** Alarms in ALARM, by severity. */
    firing: Record<FleetAlarmFacts['severity'], number>;
    /** No runbook link in the description. */
    withoutRunbook: number;
    /** A runbook link whose page is a 404. */
    withUnavailableRunbook: number;
    /** No `severity` tag. */
    unclassified: number;
  };
  /** Counts of Components; a Component is one function. */
  entities: {
    components: number;
    groups: number;
    users: number;
    withoutRunbookAnnotation: number;
    /** The runbook annotation names a page that is a 404. */
    withUnavailableRunbook: number;
    withoutSloPatternAnnotation: number;
    withAlarmWithoutRunbook: number;
    withUnavailableAlarmRunbook: number;
    withUnclassifiedAlarm: number;
    withoutPageAlarm: number;
  };
  /** Application Signals SLO names (one api function per team). */
  applicationSignalsSlos: string[];
}

export function describeFunction(fleet: Fleet, index: number): FleetFunction {
  const profile = fleet.profile(index);
  const hasRunbook = profile.team.hasRunbook;
  const facts = fleet.componentFacts(profile);
  const newest = profile.versions.length - 1;
  return {
    index,
    name: profile.name,
    arn: accountArns(profile.account.accountId, profile.region).lambdaFunction(
      profile.name,
    ),
    accountId: profile.account.accountId,
    region: profile.region,
    team: profile.team.name,
    pattern: profile.pattern,
    health: profile.health,
    expectedStatus: EXPECTED_STATUS[profile.health],
    invocationsPerMinute: profile.invocationsPerMinute,
    lastDeploy: {
      version: profile.versions[newest].version,
      minutesAgo: profile.versions[newest].publishedMinutesAgo,
      gitSha: profile.versions[newest].gitSha,
      previousVersion: profile.versions[newest - 1]?.version ?? null,
    },
    alarms: fleet.alarmFacts(profile).map(alarm =>
      Object.assign(alarm, {
        runbookAvailable: alarm.runbookUrl !== null && hasRunbook,
      }),
    ),
    entity: {
      name: profile.name,
      runbookUrl: facts.runbookUrl ?? null,
      runbookAvailable: facts.runbookUrl !== undefined && hasRunbook,
      declaresPattern: facts.declaresPattern,
      applicationSignalsSlo: facts.applicationSignalsSlo ?? null,
    },
  };
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map(key => [key, 0])) as Record<K, number>;
}

export function fleetManifest(fleet: Fleet): FleetManifest {
  const byPattern = zeros(FLEET_PATTERNS);
  const byHealth = zeros(FLEET_HEALTHS);
  const teamFunctions = new Map<string, number>();
  const locations = new Map<string, FleetLocationCounts>();
  const alarms: FleetManifest['alarms'] = {
    total: 0,
    metric: 0,
    composite: 0,
    firing: zeros(['page', 'ticket', 'unclassified'] as const),
    withoutRunbook: 0,
    withUnavailableRunbook: 0,
    unclassified: 0,
  };
  const entities: FleetManifest['entities'] = {
    components: fleet.size,
    groups: FLEET_TEAMS.length,
    users: userEntities().length,
    withoutRunbookAnnotation: 0,
    withUnavailableRunbook: 0,
    withoutSloPatternAnnotation: 0,
    withAlarmWithoutRunbook: 0,
    withUnavailableAlarmRunbook: 0,
    withUnclassifiedAlarm: 0,
    withoutPageAlarm: 0,
  };
  for (let i = 0; i < fleet.size; i++) {
    const fn = describeFunction(fleet, i);
    byPattern[fn.pattern]++;
    byHealth[fn.health]++;
    teamFunctions.set(fn.team, (teamFunctions.get(fn.team) ?? 0) + 1);
    const key = `${fn.accountId}/${fn.region}`;
    const location = locations.get(key) ?? {
      region: fn.region,
      functions: 0,
      metricAlarms: 0,
      compositeAlarms: 0,
    };
    locations.set(key, location);
    location.functions++;
    for (const alarm of fn.alarms) {
      alarms.total++;
      alarms[alarm.type]++;
      if (alarm.type === 'metric') location.metricAlarms++;
      else location.compositeAlarms++;
      if (alarm.state === 'ALARM') alarms.firing[alarm.severity]++;
      if (alarm.runbookUrl === null) alarms.withoutRunbook++;
      else if (!alarm.runbookAvailable) alarms.withUnavailableRunbook++;
      if (alarm.severity === 'unclassified') alarms.unclassified++;
    }
    const some = (test: (alarm: FleetFunctionAlarm) => boolean) =>
      fn.alarms.some(test) ? 1 : 0;
    entities.withoutRunbookAnnotation += fn.entity.runbookUrl ? 0 : 1;
    entities.withUnavailableRunbook +=
      fn.entity.runbookUrl && !fn.entity.runbookAvailable ? 1 : 0;
    entities.withoutSloPatternAnnotation += fn.entity.declaresPattern ? 0 : 1;
    entities.withAlarmWithoutRunbook += some(a => a.runbookUrl === null);
    entities.withUnavailableAlarmRunbook += some(
      a => a.runbookUrl !== null && !a.runbookAvailable,
    );
    entities.withUnclassifiedAlarm += some(a => a.severity === 'unclassified');
    entities.withoutPageAlarm += 1 - some(a => a.severity === 'page');
  }
  return {
    size: fleet.size,
    seed: fleet.seed,
    runbookBaseUrl: fleet.runbookBaseUrl,
    accounts: FLEET_ACCOUNTS.map(account => ({
      accountId: account.accountId,
      name: account.name,
      regions: account.regions.flatMap(({ region }) => {
        const counts = locations.get(`${account.accountId}/${region}`);
        return counts ? [counts] : [];
      }),
    })),
    teams: FLEET_TEAMS.map(team => ({
      name: team.name,
      accountId: FLEET_ACCOUNTS[team.account].accountId,
      functions: teamFunctions.get(team.name) ?? 0,
      runbookUrl: teamRunbookUrl(fleet.runbookBaseUrl, team.name),
      hasRunbook: team.hasRunbook,
    })),
    users: userEntities().map(user => ({
      name: user.metadata.name,
      memberOf: user.spec.memberOf as string[],
    })),
    functions: { byPattern, byHealth },
    alarms,
    entities,
    applicationSignalsSlos: fleet.slos().map(slo => slo.name),
  };
}
