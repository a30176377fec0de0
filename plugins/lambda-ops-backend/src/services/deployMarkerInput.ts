import { InputError } from '@backstage/errors';
import type {
  DeployMarkerRequest,
  DeployRisk,
} from '@lambda-ops/backstage-plugin-common';
import { DateTime } from 'luxon';

/** A deploy marker as CI posted it, checked and normalised. */
export interface DeployMarkerInput {
  deployId: string;
  ts: Date;
  env: string | null;
  service: string | null;
  artifact: string;
  /** Lower case, so that `ABC1234` and `abc1234` are the same commit. */
  gitSha: string | null;
  ref: string | null;
  actor: string | null;
  changeSummary: string;
  reason: string;
  risk: DeployRisk | null;
  rollback: string | null;
  links: string[];
  /** Why the deploy went ahead against the deploy gate; null when it did not. */
  gateOverrideReason: string | null;
}

/** The function a marker's artifact names, and the alias or version when it names one. */
export interface LambdaArtifact {
  functionName: string;
  qualifier: string | null;
}

/** How far ahead of the backend's clock a marker may be: CI runners' clocks drift. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

const DAY_MS = 86_400_000;

// https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (FunctionName)
// and API_CreateAlias.html / API_PublishVersion.html (qualifiers).
const FUNCTION_NAME = '[A-Za-z0-9_-]{1,64}';
const QUALIFIER = '\\$LATEST|[A-Za-z0-9_-]{1,128}';
const SHORT_ARTIFACT = new RegExp(
  `^lambda:function:(${FUNCTION_NAME})(?::(${QUALIFIER}))?$`,
);
const ARN_ARTIFACT = new RegExp(
  `^arn:aws[a-z-]*:lambda:[a-z]{2}(?:-[a-z]+)+-\\d{1,2}:\\d{12}:function:(${FUNCTION_NAME})(?::(${QUALIFIER}))?$`,
);

/**
 * The function named by `lambda:function:<name>[:<qualifier>]` or by a function ARN with
 * an optional qualifier; undefined for anything else.
 */
export function parseLambdaArtifact(
  artifact: string,
): LambdaArtifact | undefined {
  const match = SHORT_ARTIFACT.exec(artifact) ?? ARN_ARTIFACT.exec(artifact);
  return match
    ? { functionName: match[1], qualifier: match[2] ?? null }
    : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The instant an ISO 8601 time with a zone names; undefined for a day that does not exist. */
function parseTime(value: string): Date | undefined {
  const time = DateTime.fromISO(value, { setZone: true });
  return time.isValid ? time.toJSDate() : undefined;
}

/** Why the time is outside the window markers are taken in, or undefined. */
function checkWindow(
  ts: Date,
  options: { now: Date; retentionDays: number },
): string | undefined {
  const ahead = ts.getTime() - options.now.getTime();
  if (ahead > MAX_FUTURE_SKEW_MS) {
    return `is ${Math.ceil(
      ahead / 60_000,
    )} minute(s) ahead of the server's clock`;
  }
  if (-ahead > options.retentionDays * DAY_MS) {
    return `is older than the ${options.retentionDays}-day retention of deploy markers`;
  }
  return undefined;
}

/**
 * Checks what the contract cannot say about a `POST /v1/deploy-markers` body that already
 * matches it (the schema checks the fields, their forms and lengths): that ts is a real
 * time neither in the future nor past the retention, that the artifact names a Lambda
 * function and that the links are http(s) URLs. Throws an `InputError` naming each
 * problem and what a valid value looks like; normalises the rest.
 *
 * @param body - the body, as the schema's router let it through
 * @param options - `now` for the time window, `retentionDays` as configured
 */
export function parseDeployMarkerInput(
  body: DeployMarkerRequest,
  options: { now: Date; retentionDays: number },
): DeployMarkerInput {
  const problems: string[] = [];
  const ts = parseTime(body.ts);
  const window = ts ? checkWindow(ts, options) : 'is not a real date and time';
  if (window) {
    problems.push(
      `ts ${window}: expected the time of the deploy, at most 5 minutes ahead of now and within the last ${options.retentionDays} days, e.g. "2026-11-29T11:20:00Z"`,
    );
  }
  if (!parseLambdaArtifact(body.artifact)) {
    problems.push(
      `artifact ${JSON.stringify(
        body.artifact,
      )} names no Lambda function: expected "lambda:function:<name>" or a Lambda function ARN, optionally ending in ":<alias or version>", e.g. "lambda:function:checkout-api:PROD"`,
    );
  }
  const links = body.links ?? [];
  const badLink = links.findIndex(link => !isHttpUrl(link));
  if (badLink >= 0) {
    problems.push(
      `links[${badLink}] is not an http(s) URL: expected a list of at most 20 http(s) URLs of up to 2048 characters each`,
    );
  }
  const override = body.gate_override;
  if (override && override.reason.trim() === '') {
    problems.push(
      'gate_override.reason is blank: say why the deploy goes ahead against the deploy gate, e.g. "hotfix for the outage, approved by the incident lead"',
    );
  }
  if (problems.length > 0 || !ts) {
    throw new InputError(`Invalid deploy marker: ${problems.join('; ')}`);
  }
  const text = (value: string | null | undefined) => value || null;
  return {
    deployId: body.deploy_id,
    ts,
    env: body.env ?? null,
    service: body.service ?? null,
    artifact: body.artifact,
    gitSha: body.git_sha?.toLowerCase() ?? null,
    ref: text(body.ref),
    actor: text(body.actor),
    changeSummary: body.change_summary,
    reason: body.reason,
    risk: body.risk ?? null,
    rollback: text(body.rollback),
    links,
    gateOverrideReason: override?.reason.trim() ?? null,
  };
}

/** The query of `GET …/deploy-markers`, checked. */
export interface DeployMarkerQuery {
  since: Date;
  until?: Date;
  limit: number;
  cursor?: string;
}

/** How far back the listing looks when `since` is not given. */
export const DEFAULT_SINCE_DAYS = 7;
export const DEFAULT_LIST_LIMIT = 50;

/**
 * Reads the query of `GET /v1/entities/…/deploy-markers`, whose forms the schema has
 * checked: `since` and `until` (`since` defaults to 7 days before `now`), `limit`
 * (default 50) and the opaque `cursor` of the previous page. Throws an `InputError` for a
 * time that has the form but names no real day.
 */
export function parseDeployMarkerQuery(
  query: { since?: string; until?: string; limit?: number; cursor?: string },
  options: { now: Date },
): DeployMarkerQuery {
  const read = (name: 'since' | 'until') => {
    const value = query[name];
    const time = value === undefined ? undefined : parseTime(value);
    if (value !== undefined && !time) {
      throw new InputError(
        `Invalid deploy marker query: ${name} ${JSON.stringify(
          value,
        )} is not a real date and time: expected one ISO 8601 time with a zone, e.g. ${name}=2026-11-22T00:00:00Z`,
      );
    }
    return time;
  };
  return {
    since:
      read('since') ??
      new Date(options.now.getTime() - DEFAULT_SINCE_DAYS * DAY_MS),
    until: read('until'),
    limit: query.limit ?? DEFAULT_LIST_LIMIT,
    cursor: query.cursor,
  };
}
