import { accountArns } from '../scenarios/account';
import { FunctionProfile } from './functionProfile';
import { FLEET_SRE, FLEET_TEAMS, FleetTeam } from './layout';

/**
 * The Lambda Ops annotations the fleet's Components carry: the keys `lambda-ops-common`
 * reads (a test holds them to its constants). Spelled out here so that the emulator does not
 * load the plugin's code.
 */
export const FLEET_ANNOTATIONS = {
  functionArn: 'aws.amazon.com/lambda-function-arn',
  sloPattern: 'lambda-ops/slo-pattern',
  alias: 'lambda-ops/alias',
  availability: 'lambda-ops/slo-availability',
  latency: 'lambda-ops/slo-latency',
  eventAge: 'lambda-ops/slo-event-age',
  deadLetterQueue: 'lambda-ops/dlq',
  batchDeadline: 'lambda-ops/batch-deadline',
  runbook: 'lambda-ops/runbook',
  applicationSignalsSlos: 'lambda-ops/application-signals-slos',
} as const;

/** A catalog entity as it travels in a catalog file (Backstage's Entity shape). */
export interface FleetEntity {
  apiVersion: 'backstage.io/v1alpha1';
  kind: 'Component' | 'Group' | 'User';
  metadata: {
    name: string;
    title?: string;
    description?: string;
    tags?: string[];
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

/** What the catalog entry of a function says besides its profile. */
export interface ComponentFacts {
  /** `lambda-ops/runbook`; absent when the entity has no such annotation. */
  runbookUrl?: string;
  /** Whether the entity says its pattern (`lambda-ops/slo-pattern`). */
  declaresPattern: boolean;
  /** The Application Signals SLO on the function, if it has one. */
  applicationSignalsSlo?: string;
}

const API_VERSION = 'backstage.io/v1alpha1';

export function groupEntity(team: FleetTeam, functions: number): FleetEntity {
  return {
    apiVersion: API_VERSION,
    kind: 'Group',
    metadata: {
      name: team.name,
      title: team.title,
      description: `Owns ${functions} Lambda functions`,
    },
    spec: { type: 'team', children: [] },
  };
}

/** The on-call engineer of each team, and one SRE in several teams. */
export function userEntities(): FleetEntity[] {
  const user = (name: string, displayName: string, teams: readonly string[]) =>
    ({
      apiVersion: API_VERSION,
      kind: 'User',
      metadata: { name },
      spec: {
        profile: { displayName, email: `${name}@example.com` },
        memberOf: [...teams],
      },
    } satisfies FleetEntity);
  return [
    ...FLEET_TEAMS.map(team =>
      user(
        team.member,
        `${team.member[0].toUpperCase()}${team.member.slice(1)} (${
          team.title
        } on call)`,
        [team.name],
      ),
    ),
    user(FLEET_SRE.name, FLEET_SRE.displayName, FLEET_SRE.teams),
  ];
}

/** A function's Component with the Lambda Ops annotations its pattern uses. */
export function componentEntity(
  profile: FunctionProfile,
  facts: ComponentFacts,
): FleetEntity {
  const arn = accountArns(
    profile.account.accountId,
    profile.region,
  ).lambdaFunction(profile.name);
  const annotations: Record<string, string> = {
    [FLEET_ANNOTATIONS.functionArn]: arn,
  };
  if (facts.declaresPattern) {
    annotations[FLEET_ANNOTATIONS.sloPattern] = profile.pattern;
  }
  if (profile.alias) {
    annotations[FLEET_ANNOTATIONS.alias] = profile.alias;
  }
  if (profile.pattern === 'api') {
    annotations[FLEET_ANNOTATIONS.availability] = '99.9';
    annotations[FLEET_ANNOTATIONS.latency] = 'p95<500ms@99';
  }
  if (profile.deadLetterQueue) {
    annotations[FLEET_ANNOTATIONS.eventAge] = '5m@99';
    annotations[FLEET_ANNOTATIONS.deadLetterQueue] = profile.deadLetterQueue;
  }
  if (profile.dailyRun) {
    const hour = String(profile.dailyRun.hourUtc).padStart(2, '0');
    annotations[FLEET_ANNOTATIONS.batchDeadline] = `${hour}:30 UTC`;
  }
  if (facts.runbookUrl) {
    annotations[FLEET_ANNOTATIONS.runbook] = facts.runbookUrl;
  }
  if (facts.applicationSignalsSlo) {
    annotations[FLEET_ANNOTATIONS.applicationSignalsSlos] =
      facts.applicationSignalsSlo;
  }
  return {
    apiVersion: API_VERSION,
    kind: 'Component',
    metadata: {
      name: profile.name,
      description: `${profile.team.title} ${profile.pattern} function in ${profile.account.name} (${profile.region})`,
      tags: ['lambda', profile.pattern],
      annotations,
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `group:default/${profile.team.name}`,
    },
  };
}

/**
 * Entities as a catalog file: YAML documents, each written in JSON (flow) style, which YAML
 * reads as it is. Ten thousand entities are written in milliseconds this way.
 */
export function catalogFile(
  header: string,
  entities: Iterable<FleetEntity>,
): string {
  const documents = [`# ${header}`];
  for (const entity of entities) {
    documents.push(`---\n${JSON.stringify(entity)}`);
  }
  return `${documents.join('\n')}\n`;
}
