import { compareNames } from '../cloudwatch/alarmStore';
import { DEFAULT_RUNBOOK_BASE_URL } from '../scenarios/account';
import { ScenarioChangeEvent } from '../scenarios/events';
import { ScenarioFunctionConfiguration } from '../scenarios/functions';
import { availabilitySlo, ScenarioSlo } from '../scenarios/slos';
import {
  alarmFactsOf,
  alarmKindsOf,
  alarmNameOf,
  FleetAlarmFacts,
  teamRunbookUrl,
} from './fleetAlarms';
import {
  catalogFile,
  componentEntity,
  ComponentFacts,
  FleetEntity,
  groupEntity,
  userEntities,
} from './fleetCatalog';
import { teamRunbook } from './fleetRunbooks';
import { FleetOptions, FleetTable } from './fleetTable';
import { functionProfile, FunctionProfile } from './functionProfile';
import { FLEET_ACCOUNTS, FLEET_TEAMS } from './layout';
import {
  describeFunction,
  FleetFunction,
  fleetManifest,
  FleetManifest,
} from './manifest';

/** Key of one account's functions in one region. */
export function locationKey(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}

/** What a fleet is made with: its size and seed, and where the runbook links point. */
export interface FleetSettings extends FleetOptions {
  /** Prefix of runbook links; defaults to http://localhost:4599/runbooks/. */
  runbookBaseUrl?: string;
}

/**
 * A fleet of Lambda functions across several accounts, regions and teams, derived from a
 * seed. It keeps a table of a few bytes per function, the functions and sorted alarm names
 * of each account and region, and nothing else: metrics, alarms, configurations and catalog
 * entities are derived from a function's index when asked for.
 */
export class Fleet {
  readonly table: FleetTable;
  readonly runbookBaseUrl: string;
  readonly #functionsAt = new Map<string, number[]>();
  readonly #alarmNamesAt = new Map<string, string[]>();
  /** Index of the function of each team that has an Application Signals SLO. */
  readonly #sloFunctions: number[];
  #manifest: FleetManifest | undefined;

  constructor(settings: FleetSettings) {
    this.table = new FleetTable(settings);
    const base = settings.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL;
    this.runbookBaseUrl = base.endsWith('/') ? base : `${base}/`;
    const firstApiOfTeam = new Map<string, number>();
    for (let i = 0; i < this.table.size; i++) {
      const key = locationKey(
        this.table.account(i).accountId,
        this.table.region(i),
      );
      append(this.#functionsAt, key, i);
      const name = this.table.name(i);
      for (const kind of alarmKindsOf(this.table, i)) {
        append(this.#alarmNamesAt, key, alarmNameOf(name, kind));
      }
      const team = this.table.team(i).name;
      if (
        this.table.pattern(i) === 'api' &&
        this.table.health(i) !== 'no-traffic' &&
        !firstApiOfTeam.has(team)
      ) {
        firstApiOfTeam.set(team, i);
      }
    }
    for (const names of this.#alarmNamesAt.values()) {
      names.sort(compareNames);
    }
    this.#sloFunctions = [...firstApiOfTeam.values()].sort((a, b) => a - b);
  }

  get size(): number {
    return this.table.size;
  }

  get seed(): number {
    return this.table.seed;
  }

  profile(index: number): FunctionProfile {
    return functionProfile(this.table, index);
  }

  /** The counts the fleet's tests and benchmarks check against; computed once. */
  manifest(): FleetManifest {
    this.#manifest ??= fleetManifest(this);
    return this.#manifest;
  }

  /** Every function as tests check it, in index order. */
  *functions(): Generator<FleetFunction> {
    for (let i = 0; i < this.size; i++) {
      yield describeFunction(this, i);
    }
  }

  /** The indices of an account's functions in a region. */
  functionsAt(accountId: string, region: string): readonly number[] {
    return this.#functionsAt.get(locationKey(accountId, region)) ?? [];
  }

  /** The names of an account's alarms in a region, sorted as CloudWatch lists them. */
  alarmNamesAt(accountId: string, region: string): readonly string[] {
    return this.#alarmNamesAt.get(locationKey(accountId, region)) ?? [];
  }

  alarmFacts(profile: FunctionProfile): FleetAlarmFacts[] {
    return alarmFactsOf(this.table, profile, this.runbookBaseUrl);
  }

  componentFacts(profile: FunctionProfile): ComponentFacts {
    const { index } = profile;
    return {
      runbookUrl: this.table.has(index, 'noRunbookAnnotation')
        ? undefined
        : teamRunbookUrl(this.runbookBaseUrl, profile.team.name),
      declaresPattern: !this.table.has(index, 'noSloPatternAnnotation'),
      applicationSignalsSlo: this.#sloFunctions.includes(index)
        ? sloNameOf(profile.name)
        : undefined,
    };
  }

  /** The Application Signals SLOs: the availability of one api function per team. */
  slos(): ScenarioSlo[] {
    return this.#sloFunctions.map(index => {
      const name = this.table.name(index);
      return availabilitySlo(sloNameOf(name), name, 45);
    });
  }

  /** The team's runbook page; `undefined` for a team that has not written one. */
  runbook(teamName: string): string | undefined {
    const team = FLEET_TEAMS.find(t => t.name === teamName);
    return team?.hasRunbook
      ? teamRunbook(team, FLEET_ACCOUNTS[team.account].name)
      : undefined;
  }

  /** Groups, then Users, then one Component per function. */
  *entities(): Generator<FleetEntity> {
    const perTeam = new Map<string, number>();
    for (let i = 0; i < this.table.size; i++) {
      const team = this.table.team(i).name;
      perTeam.set(team, (perTeam.get(team) ?? 0) + 1);
    }
    for (const team of FLEET_TEAMS) {
      yield groupEntity(team, perTeam.get(team.name) ?? 0);
    }
    yield* userEntities();
    for (let i = 0; i < this.table.size; i++) {
      const profile = this.profile(i);
      yield componentEntity(profile, this.componentFacts(profile));
    }
  }

  /** The entities as a catalog file (`GET /fleet/catalog-info.yaml`). */
  catalogFile(): string {
    return catalogFile(
      `Lambda Ops fleet scenario: ${this.size} functions, seed ${this.seed}`,
      this.entities(),
    );
  }
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

function sloNameOf(functionName: string): string {
  return `${functionName}-availability`;
}

/** How Lambda describes a fleet function's configuration. */
export function configurationOf(
  profile: FunctionProfile,
): ScenarioFunctionConfiguration {
  const newest = profile.versions[profile.versions.length - 1];
  return {
    timeoutSeconds: profile.timeoutSeconds,
    memorySizeMb: profile.memorySizeMb,
    reservedConcurrency: profile.reservedConcurrency,
    versions: profile.versions,
    latestChangedMinutesAgo: newest.publishedMinutesAgo,
    aliases: profile.alias
      ? [
          {
            name: profile.alias,
            version: newest.version,
            description: 'Production traffic',
          },
        ]
      : [],
    lambdaInsights: profile.memoryUsedMb !== undefined,
  };
}

/** A deploy of every published version, as Application Signals reports them. */
export function changeEventsOf(
  profile: FunctionProfile,
): ScenarioChangeEvent[] {
  return profile.versions.map(({ version, publishedMinutesAgo, gitSha }) => ({
    eventId: `${profile.name}-deploy-v${version}`,
    functionName: profile.name,
    minutesAgo: publishedMinutesAgo,
    changeEventType: 'DEPLOYMENT',
    userName: 'ci-deployer',
    eventName: `Deploy v${version} (git ${gitSha})`,
  }));
}

/**
 * A fleet without an emulator: its manifest, functions, catalog entities and runbooks, the
 * same as an emulator started with the same settings serves.
 */
export function createFleet(settings: FleetSettings): Fleet {
  return new Fleet(settings);
}

/** The fleet's catalog entities (Groups, Users, Components), as `/fleet/catalog-info.yaml` has them. */
export function fleetCatalogEntities(settings: FleetSettings): FleetEntity[] {
  return [...createFleet(settings).entities()];
}

/**
 * The `aws.accounts` entries (of `@backstage/integration-aws-node`) that reach each fleet
 * account in the emulator: static keys whose access key ID is the account ID.
 */
export function fleetAwsAccounts(secretAccessKey = 'emulator'): Array<{
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}> {
  return FLEET_ACCOUNTS.map(({ accountId }) => ({
    accountId,
    accessKeyId: accountId,
    secretAccessKey,
  }));
}
