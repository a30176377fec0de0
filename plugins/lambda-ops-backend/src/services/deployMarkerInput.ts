import { InputError } from '@backstage/errors';
import type { DeployRisk } from '@lambda-ops/backstage-plugin-common';
import { DateTime } from 'luxon';
import { z } from 'zod';

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

// Catalog entity names and references (kind:namespace/name, each part optional but the
// name), as `service` may carry either.
const SERVICE =
  /^(?:[A-Za-z][A-Za-z0-9]{0,62}:)?(?:[A-Za-z0-9][A-Za-z0-9._-]{0,62}\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;
const DEPLOY_ID = /^[A-Za-z0-9._:/@-]{1,128}$/;
const GIT_SHA = /^[0-9a-fA-F]{7,40}$/;
// Single-line fields take no control characters; free text may have line breaks and tabs.
const SINGLE_LINE = /^[^\p{Cc}]*$/u;
const FREE_TEXT = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

const singleLine = (min: number, max: number) =>
  z.string().min(min).max(max).regex(SINGLE_LINE);
const freeText = (min: number, max: number) =>
  z.string().min(min).max(max).regex(FREE_TEXT);
/** Optional text: absent, null and "" all mean "not given". */
const optional = <T extends z.ZodType<string>>(schema: T) =>
  z.union([z.literal(''), schema]).nullish();

const bodySchema = z.strictObject({
  ts: z.iso.datetime({ offset: true }),
  deploy_id: z.string().regex(DEPLOY_ID),
  env: singleLine(1, 64).nullish(),
  service: z.string().max(253).regex(SERVICE).nullish(),
  artifact: z
    .string()
    .max(512)
    .refine(value => parseLambdaArtifact(value) !== undefined),
  git_sha: z.string().regex(GIT_SHA).nullish(),
  ref: optional(singleLine(1, 255)),
  actor: optional(singleLine(1, 255)),
  change_summary: freeText(1, 1000),
  reason: freeText(1, 1000),
  risk: z.enum(['low', 'medium', 'high']).nullish(),
  rollback: optional(freeText(1, 1000)),
  links: z.array(z.string().max(2048).refine(isHttpUrl)).max(20).nullish(),
});

type BodyField = keyof typeof bodySchema.shape;

const FIELDS = Object.keys(bodySchema.shape) as BodyField[];

/** What a valid value of each field looks like, for error messages. */
function validValue(field: BodyField, retentionDays: number): string {
  switch (field) {
    case 'ts':
      return `an ISO 8601 time with a zone, e.g. "2026-11-29T11:20:00Z" or "2026-11-29T20:20:00+09:00", at most 5 minutes ahead of now and within the last ${retentionDays} days`;
    case 'deploy_id':
      return '1–128 characters of letters, digits and . _ : / @ -, one per deploy, e.g. "checkout-api/run-4711"';
    case 'env':
      return '1–64 characters on one line, e.g. "prod"';
    case 'service':
      return 'an entity reference or name of up to 253 characters, e.g. "component:default/checkout-api" or "checkout-api"';
    case 'artifact':
      return '"lambda:function:<name>" or a Lambda function ARN, optionally ending in ":<alias or version>", e.g. "lambda:function:checkout-api:PROD"';
    case 'git_sha':
      return '7 to 40 hexadecimal characters, e.g. "3f9c2ab"';
    case 'ref':
      return 'up to 255 characters on one line, e.g. "refs/tags/v42"';
    case 'actor':
      return 'up to 255 characters on one line, e.g. "alice" or "github-actions"';
    case 'change_summary':
      return '1–1000 characters saying what changed';
    case 'reason':
      return '1–1000 characters saying why it changed';
    case 'risk':
      return 'one of "low", "medium", "high"';
    case 'rollback':
      return 'up to 1000 characters saying how to roll back';
    case 'links':
      return 'a list of at most 20 http(s) URLs of up to 2048 characters each';
    default:
      return 'a valid value';
  }
}

/** The fields CI must send; matching a marker to functions needs the artifact. */
const REQUIRED: ReadonlySet<BodyField> = new Set<BodyField>([
  'ts',
  'deploy_id',
  'artifact',
  'change_summary',
  'reason',
]);

function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Why one field is wrong, in words, or undefined when it is fine. */
function fieldProblem(
  field: BodyField,
  value: unknown,
  issues: z.core.$ZodIssue[],
): string | undefined {
  if (issues.length === 0) {
    return undefined;
  }
  if (value === undefined || (value === null && REQUIRED.has(field))) {
    return `${field} is missing`;
  }
  // Every field is text but links, a list of text.
  if (field === 'links' ? !Array.isArray(value) : typeof value !== 'string') {
    return `${field} is ${describeType(value)}`;
  }
  const custom = issues.find(issue => issue.code === 'custom' && issue.params);
  if (custom) {
    return `${field} ${custom.message}`;
  }
  if (Array.isArray(value)) {
    const item = issues.find(issue => typeof issue.path[1] === 'number');
    return item
      ? `links[${String(
          item.path[1],
        )}] is not an http(s) URL of up to 2048 characters`
      : `links has ${value.length} entries`;
  }
  // Quoted as JSON, so control characters show as escapes; long values are cut.
  const text = String(value);
  return `${field} ${JSON.stringify(
    text.length > 40 ? `${text.slice(0, 40)}…` : text,
  )} is not valid`;
}

/** Checks that the time is neither in the future nor past the retention. */
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
 * Checks a `POST /v1/deploy-markers` body. Throws an `InputError` naming every bad field
 * and what a valid value looks like, and every unknown field.
 *
 * @param body - the parsed JSON body
 * @param options - `now` for the time window, `retentionDays` as configured
 */
export function parseDeployMarkerInput(
  body: unknown,
  options: { now: Date; retentionDays: number },
): DeployMarkerInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError(
      `Invalid deploy marker: the body must be a JSON object (Content-Type: application/json) with the fields ${FIELDS.join(
        ', ',
      )}`,
    );
  }
  const record = body as Record<string, unknown>;
  // The time window depends on the clock and the retention, so ts is checked per call.
  const timed = bodySchema.extend({
    ts: bodySchema.shape.ts.superRefine((value, ctx) => {
      const ts = DateTime.fromISO(value, { setZone: true });
      const problem = ts.isValid
        ? checkWindow(ts.toJSDate(), options)
        : 'is not a real date and time';
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          message: problem,
          params: { ts: true },
        });
      }
    }),
  });
  const parsed = timed.safeParse(body);
  if (parsed.success) {
    const data = parsed.data;
    const text = (value: string | null | undefined) => value || null;
    return {
      deployId: data.deploy_id,
      ts: DateTime.fromISO(data.ts, { setZone: true }).toJSDate(),
      env: data.env ?? null,
      service: data.service ?? null,
      artifact: data.artifact,
      gitSha: data.git_sha?.toLowerCase() ?? null,
      ref: text(data.ref),
      actor: text(data.actor),
      changeSummary: data.change_summary,
      reason: data.reason,
      risk: data.risk ?? null,
      rollback: text(data.rollback),
      links: data.links ?? [],
    };
  }

  const unknown: string[] = [];
  const byField = new Map<BodyField, z.core.$ZodIssue[]>();
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      unknown.push(...issue.keys);
      continue;
    }
    const field = issue.path[0] as BodyField;
    byField.set(field, [...(byField.get(field) ?? []), issue]);
  }
  const problems = FIELDS.flatMap(field => {
    const problem = fieldProblem(
      field,
      record[field],
      byField.get(field) ?? [],
    );
    return problem
      ? [`${problem}: expected ${validValue(field, options.retentionDays)}`]
      : [];
  });
  if (unknown.length > 0) {
    problems.push(
      `unknown field${unknown.length > 1 ? 's' : ''} ${unknown
        .map(key => `"${key}"`)
        .join(', ')}: the fields are ${FIELDS.join(', ')}`,
    );
  }
  throw new InputError(`Invalid deploy marker: ${problems.join('; ')}`);
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
export const MAX_LIST_LIMIT = 200;

function parseQueryTime(
  name: string,
  value: unknown,
  problems: string[],
): Date | undefined {
  if (value === undefined) {
    return undefined;
  }
  const time =
    typeof value === 'string' &&
    z.iso.datetime({ offset: true }).safeParse(value).success
      ? DateTime.fromISO(value, { setZone: true })
      : undefined;
  if (!time?.isValid) {
    problems.push(
      `${name} must be one ISO 8601 time with a zone, e.g. ${name}=2026-11-22T00:00:00Z`,
    );
    return undefined;
  }
  return time.toJSDate();
}

/**
 * Checks the query of `GET /v1/entities/…/deploy-markers`: `since` and `until` (ISO 8601
 * with a zone; `since` defaults to 7 days before `now`), `limit` (1–200, default 50) and
 * the opaque `cursor` of the previous page.
 */
export function parseDeployMarkerQuery(
  query: Record<string, unknown>,
  options: { now: Date },
): DeployMarkerQuery {
  const problems: string[] = [];
  const since =
    parseQueryTime('since', query.since, problems) ??
    new Date(options.now.getTime() - DEFAULT_SINCE_DAYS * DAY_MS);
  const until = parseQueryTime('until', query.until, problems);
  let limit = DEFAULT_LIST_LIMIT;
  if (query.limit !== undefined) {
    limit =
      typeof query.limit === 'string' && /^\d{1,4}$/.test(query.limit)
        ? Number(query.limit)
        : NaN;
    if (!(limit >= 1 && limit <= MAX_LIST_LIMIT)) {
      problems.push(
        `limit must be a whole number from 1 to ${MAX_LIST_LIMIT}, e.g. limit=${DEFAULT_LIST_LIMIT}`,
      );
    }
  }
  const cursor = query.cursor;
  if (
    cursor !== undefined &&
    (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 1024)
  ) {
    problems.push(
      'cursor must be the nextCursor of the previous page, passed unchanged',
    );
  }
  if (problems.length > 0) {
    throw new InputError(`Invalid deploy marker query: ${problems.join('; ')}`);
  }
  return {
    since,
    until,
    limit,
    cursor: cursor as string | undefined,
  };
}
