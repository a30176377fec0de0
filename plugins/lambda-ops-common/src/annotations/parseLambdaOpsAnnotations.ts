import type { Entity } from '@backstage/catalog-model';
import { parseDurationSeconds } from '../duration';
import type { DeclaredExclusionWindow } from '../exclusions/exclusionWindows';
import { parseExclusionWindows } from '../exclusions/parseExclusionWindows';
import { percentToFraction } from '../percent';
import type { BatchDeadline } from '../slo/batchCompletion';
import type { LambdaFunctionRef, Problem, SloPattern } from '../types';
import { SLO_PATTERNS } from '../types';
import {
  ALARM_PREFIX_ANNOTATION,
  ALIAS_ANNOTATION,
  APPLICATION_SIGNALS_SLOS_ANNOTATION,
  BATCH_DEADLINE_ANNOTATION,
  DLQ_ANNOTATION,
  EVENT_SOURCE_ANNOTATION,
  EXCLUSION_WINDOWS_ANNOTATION,
  LAMBDA_FUNCTION_ARN_ANNOTATION,
  LAMBDA_FUNCTION_NAME_ANNOTATION,
  LAMBDA_REGION_ANNOTATION,
  RUNBOOK_ANNOTATION,
  SLO_AVAILABILITY_ANNOTATION,
  SLO_EVENT_AGE_ANNOTATION,
  SLO_LATENCY_ANNOTATION,
  SLO_PATTERN_ANNOTATION,
  SLO_SUCCESS_RATE_ANNOTATION,
  SLO_WINDOW_ANNOTATION,
  SOURCE_QUEUE_ANNOTATION,
} from './constants';

/** A latency objective: `statistic` of `Duration` under `thresholdMs` in `target` of periods. @public */
export interface LatencyObjective {
  /** A CloudWatch percentile statistic, e.g. `p95`. */
  statistic: string;
  thresholdMs: number;
  target: number;
}

/** An event-age objective: age under `thresholdSeconds` in `target` of periods. @public */
export interface EventAgeObjective {
  thresholdSeconds: number;
  target: number;
}

/** An SQS queue, by name; region and account only when given by ARN. @public */
export interface QueueRef {
  name: string;
  region: string | null;
  accountId: string | null;
}

/** @public */
export interface BatchDeadlineObjective extends BatchDeadline {
  target: number;
}

/** Defaults applied where an entity sets nothing; the backend takes them from config. @public */
export interface LambdaOpsDefaults {
  /** Region for function names when the entity gives none. */
  region?: string;
  pattern: SloPattern;
  windowDays: number;
  /** Availability target as a fraction (0.999). */
  availabilityTarget: number;
  latency: LatencyObjective;
  eventAge: EventAgeObjective;
  /** Batch success-rate target, and completion target when the deadline sets none. */
  batchTarget: number;
}

/** @public */
export const DEFAULT_LAMBDA_OPS_SETTINGS: LambdaOpsDefaults = {
  pattern: 'api',
  windowDays: 30,
  availabilityTarget: 0.999,
  latency: { statistic: 'p95', thresholdMs: 500, target: 0.99 },
  eventAge: { thresholdSeconds: 300, target: 0.99 },
  batchTarget: 0.95,
};

/** The operations settings an entity declares, after defaults. @public */
export interface LambdaOpsEntitySettings {
  functions: LambdaFunctionRef[];
  pattern: SloPattern;
  windowDays: number;
  availabilityTarget: number;
  latency: LatencyObjective;
  eventAge: EventAgeObjective;
  /** Where event age is read for the async pattern. */
  eventAgeSource: 'async-event-age' | 'iterator-age' | 'source-queue';
  sourceQueue: QueueRef | null;
  deadLetterQueue: QueueRef | null;
  successRateTarget: number;
  /** Null when the entity sets no deadline. */
  batchDeadline: BatchDeadlineObjective | null;
  applicationSignalsSlos: string[];
  alarmPrefix: string | null;
  runbook: string | null;
  /** Planned maintenance left out of the budgets of the entity's CloudWatch SLOs. */
  exclusionWindows: DeclaredExclusionWindow[];
  problems: Problem[];
}

/** SLO windows longer than this cannot be read back at a useful resolution. */
const MAX_WINDOW_DAYS = 90;

// https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-FunctionName
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9_-]{1,128})$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const FUNCTION_ARN =
  /^arn:aws[a-z-]*:lambda:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::(\$LATEST|[a-zA-Z0-9_-]{1,128}))?$/;
const PERCENT = /^\d{1,2}(\.\d+)?$/;
const LATENCY =
  /^(p\d{1,2}(?:\.\d+)?)\s*<\s*(\d+(?:\.\d+)?)(ms|s)\s*@\s*(\d{1,2}(?:\.\d+)?)$/;
const EVENT_AGE = /^(\d+)(s|m|h)\s*@\s*(\d{1,2}(?:\.\d+)?)$/;
const DEADLINE =
  /^([01]?\d|2[0-3]):([0-5]\d)(?:\s+([^\s@]+))?(?:\s*@\s*(\d{1,2}(?:\.\d+)?))?$/;
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
const QUEUE_NAME = /^[a-zA-Z0-9_-]{1,80}(\.fifo)?$/;
const QUEUE_ARN =
  /^arn:aws[a-z-]*:sqs:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):([a-zA-Z0-9_-]{1,80}(?:\.fifo)?)$/;

function splitList(value: string): string[] {
  return value
    .split(',')
    .map(part => part.trim())
    .filter(Boolean);
}

function invalid(annotation: string, message: string): Problem {
  return {
    code: 'invalid-annotation',
    annotation,
    message: `Annotation ${annotation}: ${message}`,
  };
}

/**
 * Reads the Lambda Ops annotations of an entity. Never throws: whatever is malformed
 * becomes a problem that says which annotation, what was wrong and what a valid value
 * looks like, and a default takes its place so the rest of the page still works.
 *
 * @public
 */
export function parseLambdaOpsAnnotations(
  entity: Entity,
  defaults: LambdaOpsDefaults = DEFAULT_LAMBDA_OPS_SETTINGS,
): LambdaOpsEntitySettings {
  const annotations = entity.metadata.annotations ?? {};
  const problems: Problem[] = [];
  const read = (key: string) => annotations[key]?.trim() || undefined;

  const qualifier = parseQualifier(read(ALIAS_ANNOTATION), problems);
  const functions = [
    ...parseFunctionArns(
      read(LAMBDA_FUNCTION_ARN_ANNOTATION),
      qualifier,
      problems,
    ),
    ...parseFunctionNames(
      read(LAMBDA_FUNCTION_NAME_ANNOTATION),
      read(LAMBDA_REGION_ANNOTATION),
      defaults.region,
      qualifier,
      problems,
    ),
  ];
  if (
    functions.length === 0 &&
    !read(LAMBDA_FUNCTION_ARN_ANNOTATION) &&
    !read(LAMBDA_FUNCTION_NAME_ANNOTATION)
  ) {
    problems.push({
      code: 'missing-annotation',
      annotation: LAMBDA_FUNCTION_NAME_ANNOTATION,
      message: `No Lambda function is annotated. Add ${LAMBDA_FUNCTION_NAME_ANNOTATION}: orders-api (with ${LAMBDA_REGION_ANNOTATION}: us-east-1) or ${LAMBDA_FUNCTION_ARN_ANNOTATION}: arn:aws:lambda:us-east-1:123456789012:function:orders-api`,
    });
  }

  const pattern = parsePattern(
    read(SLO_PATTERN_ANNOTATION),
    defaults.pattern,
    problems,
  );
  const sourceQueue = parseQueue(
    SOURCE_QUEUE_ANNOTATION,
    read(SOURCE_QUEUE_ANNOTATION),
    problems,
  );
  const batchDeadline = parseBatchDeadline(
    read(BATCH_DEADLINE_ANNOTATION),
    defaults.batchTarget,
    problems,
  );
  if (pattern === 'batch' && !read(BATCH_DEADLINE_ANNOTATION)) {
    problems.push({
      code: 'missing-annotation',
      annotation: BATCH_DEADLINE_ANNOTATION,
      message: `Annotation ${BATCH_DEADLINE_ANNOTATION} is missing: a batch job's completion SLO needs its deadline, e.g. ${BATCH_DEADLINE_ANNOTATION}: 06:00 Asia/Tokyo`,
    });
  }

  const exclusions = parseExclusionWindows(read(EXCLUSION_WINDOWS_ANNOTATION));
  problems.push(...exclusions.problems);

  return {
    functions: dedupeFunctions(functions),
    pattern,
    windowDays: parseWindowDays(
      read(SLO_WINDOW_ANNOTATION),
      defaults.windowDays,
      problems,
    ),
    availabilityTarget: parseTargetPercent(
      SLO_AVAILABILITY_ANNOTATION,
      read(SLO_AVAILABILITY_ANNOTATION),
      defaults.availabilityTarget,
      '99.9',
      problems,
    ),
    latency: parseLatency(
      read(SLO_LATENCY_ANNOTATION),
      defaults.latency,
      problems,
    ),
    eventAge: parseEventAge(
      read(SLO_EVENT_AGE_ANNOTATION),
      defaults.eventAge,
      problems,
    ),
    eventAgeSource: sourceQueue
      ? 'source-queue'
      : parseEventSource(read(EVENT_SOURCE_ANNOTATION), problems),
    sourceQueue,
    deadLetterQueue: parseQueue(DLQ_ANNOTATION, read(DLQ_ANNOTATION), problems),
    successRateTarget: parseTargetPercent(
      SLO_SUCCESS_RATE_ANNOTATION,
      read(SLO_SUCCESS_RATE_ANNOTATION),
      defaults.batchTarget,
      '95',
      problems,
    ),
    batchDeadline,
    applicationSignalsSlos: splitList(
      read(APPLICATION_SIGNALS_SLOS_ANNOTATION) ?? '',
    ),
    alarmPrefix: read(ALARM_PREFIX_ANNOTATION) ?? null,
    runbook: read(RUNBOOK_ANNOTATION) ?? null,
    exclusionWindows: exclusions.windows,
    problems,
  };
}

function validPercent(text: string | undefined): number | undefined {
  const percent = text !== undefined && PERCENT.test(text) ? Number(text) : NaN;
  return percent > 0 && percent < 100 ? percent : undefined;
}

function parseLatency(
  value: string | undefined,
  fallback: LatencyObjective,
  problems: Problem[],
): LatencyObjective {
  if (value === undefined) {
    return fallback;
  }
  const match = LATENCY.exec(value);
  const percent = validPercent(match?.[4]);
  const thresholdMs = match
    ? Number(match[2]) * (match[3] === 's' ? 1000 : 1)
    : 0;
  if (!match || percent === undefined || !(thresholdMs > 0)) {
    problems.push(
      invalid(
        SLO_LATENCY_ANNOTATION,
        `"${value}" is not a latency objective; write <percentile><<threshold>@<percent of periods>, e.g. p95<500ms@99`,
      ),
    );
    return fallback;
  }
  return {
    statistic: match[1],
    thresholdMs,
    target: percentToFraction(percent),
  };
}

function parseEventAge(
  value: string | undefined,
  fallback: EventAgeObjective,
  problems: Problem[],
): EventAgeObjective {
  if (value === undefined) {
    return fallback;
  }
  const match = EVENT_AGE.exec(value);
  const percent = validPercent(match?.[3]);
  const seconds = match ? parseDurationSeconds(`${match[1]}${match[2]}`) : 0;
  if (!match || percent === undefined || !seconds) {
    problems.push(
      invalid(
        SLO_EVENT_AGE_ANNOTATION,
        `"${value}" is not an event-age objective; write <age>@<percent of periods>, e.g. 5m@99`,
      ),
    );
    return fallback;
  }
  return { thresholdSeconds: seconds, target: percentToFraction(percent) };
}

function parseEventSource(
  value: string | undefined,
  problems: Problem[],
): LambdaOpsEntitySettings['eventAgeSource'] {
  const source = value?.toLowerCase() ?? 'async';
  if (source === 'async') {
    return 'async-event-age';
  }
  if (source === 'stream') {
    return 'iterator-age';
  }
  problems.push(
    invalid(
      EVENT_SOURCE_ANNOTATION,
      `"${value}" is not an event source; use async (event invocations) or stream (Kinesis, DynamoDB streams), or name the SQS queue in ${SOURCE_QUEUE_ANNOTATION}`,
    ),
  );
  return 'async-event-age';
}

function parseQueue(
  annotation: string,
  value: string | undefined,
  problems: Problem[],
): QueueRef | null {
  if (value === undefined) {
    return null;
  }
  const arn = QUEUE_ARN.exec(value);
  if (arn) {
    return { name: arn[3], region: arn[1], accountId: arn[2] };
  }
  if (QUEUE_NAME.test(value)) {
    return { name: value, region: null, accountId: null };
  }
  problems.push(
    invalid(
      annotation,
      `"${value}" is not an SQS queue name or ARN, e.g. orders-dlq or arn:aws:sqs:us-east-1:123456789012:orders-dlq`,
    ),
  );
  return null;
}

/**
 * Zones found valid, as the annotations spell them: making a formatter to check one
 * takes about a tenth of a millisecond, for every batch entity of every fleet refresh.
 */
const knownTimeZones = new Set<string>();
/** Spellings kept at most (zone names are case-insensitive, so they are not few). */
const MAX_KNOWN_TIME_ZONES = 1_000;

function formatsIn(zone: string): boolean {
  try {
    // Throws a RangeError for a zone the platform's time-zone data does not know.
    return Boolean(new Intl.DateTimeFormat('en-US', { timeZone: zone }));
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  if (knownTimeZones.has(zone)) {
    return true;
  }
  if (!formatsIn(zone)) {
    return false;
  }
  if (knownTimeZones.size >= MAX_KNOWN_TIME_ZONES) {
    knownTimeZones.clear();
  }
  knownTimeZones.add(zone);
  return true;
}

const DEADLINE_EXAMPLE =
  'e.g. 06:00 Asia/Tokyo, optionally with @95 for the share of days that must meet it';

function parseBatchDeadline(
  value: string | undefined,
  fallbackTarget: number,
  problems: Problem[],
): BatchDeadlineObjective | null {
  if (value === undefined) {
    return null;
  }
  const match = DEADLINE.exec(value);
  const zone = match?.[3];
  const percentText = match?.[4];
  const percent = validPercent(percentText);
  let message: string | undefined;
  if (!match) {
    message = `"${value}" is not a deadline; write HH:MM and a time zone, ${DEADLINE_EXAMPLE}`;
  } else if (!zone) {
    message = `"${value}" has no time zone, so the deadline would move with the server's clock; ${DEADLINE_EXAMPLE}`;
  } else if (!isTimeZone(zone)) {
    message = `"${zone}" is not a time zone; use an IANA name such as Asia/Tokyo or UTC, ${DEADLINE_EXAMPLE}`;
  } else if (percentText !== undefined && percent === undefined) {
    message = `"@${percentText}" is not a percentage above 0 and below 100; ${DEADLINE_EXAMPLE}`;
  }
  if (!match || !zone || message) {
    problems.push(invalid(BATCH_DEADLINE_ANNOTATION, message!));
    return null;
  }
  return {
    hour: Number(match[1]),
    minute: Number(match[2]),
    zone,
    target: percent === undefined ? fallbackTarget : percentToFraction(percent),
  };
}

function parseQualifier(
  value: string | undefined,
  problems: Problem[],
): string | null {
  if (value === undefined) {
    return null;
  }
  if (!QUALIFIER.test(value)) {
    problems.push(
      invalid(
        ALIAS_ANNOTATION,
        `"${value}" is not an alias or version name; use letters, digits, - and _ only, e.g. PROD`,
      ),
    );
    return null;
  }
  return value;
}

function parseFunctionArns(
  value: string | undefined,
  qualifier: string | null,
  problems: Problem[],
): LambdaFunctionRef[] {
  if (value === undefined) {
    return [];
  }
  return splitList(value).flatMap(arn => {
    const match = FUNCTION_ARN.exec(arn);
    if (!match) {
      problems.push(
        invalid(
          LAMBDA_FUNCTION_ARN_ANNOTATION,
          `"${arn}" is not a Lambda function ARN; expected arn:aws:lambda:<region>:<12-digit account>:function:<name>, e.g. arn:aws:lambda:us-east-1:123456789012:function:orders-api`,
        ),
      );
      return [];
    }
    const [, region, accountId, name, arnQualifier] = match;
    return [{ name, region, accountId, qualifier: arnQualifier ?? qualifier }];
  });
}

function parseFunctionNames(
  value: string | undefined,
  regionValue: string | undefined,
  defaultRegion: string | undefined,
  qualifier: string | null,
  problems: Problem[],
): LambdaFunctionRef[] {
  if (value === undefined) {
    return [];
  }
  let region = regionValue ?? defaultRegion;
  if (regionValue !== undefined && !REGION.test(regionValue)) {
    problems.push(
      invalid(
        LAMBDA_REGION_ANNOTATION,
        `"${regionValue}" is not an AWS region; expected e.g. us-east-1 or ap-northeast-1`,
      ),
    );
    region = undefined;
  } else if (region === undefined) {
    problems.push({
      code: 'missing-annotation',
      annotation: LAMBDA_REGION_ANNOTATION,
      message: `Annotation ${LAMBDA_REGION_ANNOTATION} is missing: functions given by name need a region, e.g. ${LAMBDA_REGION_ANNOTATION}: us-east-1 (or set lambdaOps.defaults.region)`,
    });
  }
  return splitList(value).flatMap(name => {
    if (!FUNCTION_NAME.test(name)) {
      problems.push(
        invalid(
          LAMBDA_FUNCTION_NAME_ANNOTATION,
          `"${name}" is not a Lambda function name; use 1–64 letters, digits, - and _, e.g. orders-api (give ARNs in ${LAMBDA_FUNCTION_ARN_ANNOTATION})`,
        ),
      );
      return [];
    }
    return region ? [{ name, region, accountId: null, qualifier }] : [];
  });
}

function dedupeFunctions(functions: LambdaFunctionRef[]): LambdaFunctionRef[] {
  const seen = new Set<string>();
  return functions.filter(fn => {
    const key = [fn.accountId, fn.region, fn.name, fn.qualifier].join('/');
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function parsePattern(
  value: string | undefined,
  fallback: SloPattern,
  problems: Problem[],
): SloPattern {
  if (value === undefined) {
    return fallback;
  }
  const pattern = value.toLowerCase();
  if ((SLO_PATTERNS as readonly string[]).includes(pattern)) {
    return pattern as SloPattern;
  }
  problems.push(
    invalid(
      SLO_PATTERN_ANNOTATION,
      `"${value}" is not an SLO pattern; use one of ${SLO_PATTERNS.join(
        ', ',
      )} (showing "${fallback}" meanwhile)`,
    ),
  );
  return fallback;
}

function parseWindowDays(
  value: string | undefined,
  fallback: number,
  problems: Problem[],
): number {
  if (value === undefined) {
    return fallback;
  }
  const seconds = parseDurationSeconds(value);
  const days = seconds === undefined ? NaN : seconds / 86400;
  if (!Number.isInteger(days) || days < 1 || days > MAX_WINDOW_DAYS) {
    problems.push(
      invalid(
        SLO_WINDOW_ANNOTATION,
        `"${value}" is not a window of whole days between 1d and ${MAX_WINDOW_DAYS}d, e.g. 30d (using ${fallback}d meanwhile)`,
      ),
    );
    return fallback;
  }
  return days;
}

/**
 * Targets are percentages in annotations and fractions everywhere else. 100 % is refused:
 * a target with no error budget leaves no room to change anything.
 */
function parseTargetPercent(
  annotation: string,
  value: string | undefined,
  fallback: number,
  example: string,
  problems: Problem[],
): number {
  if (value === undefined) {
    return fallback;
  }
  const percent = validPercent(value);
  if (percent === undefined) {
    problems.push(
      invalid(
        annotation,
        `"${value}" is not a target percentage above 0 and below 100 (never 100: that leaves no error budget), e.g. ${example} (using ${(
          fallback * 100
        )
          .toFixed(2)
          .replace(/\.?0+$/, '')} meanwhile)`,
      ),
    );
    return fallback;
  }
  return percentToFraction(percent);
}

/**
 * Reads an objective written as in its annotation (`p95<500ms@99`, `5m@99`), for
 * configuration that uses the same notation. Undefined when the text is not valid.
 *
 * @public
 */
export function parseObjective(
  kind: 'latency',
  text: string,
): LatencyObjective | undefined;
/** @public */
export function parseObjective(
  kind: 'event-age',
  text: string,
): EventAgeObjective | undefined;
export function parseObjective(
  kind: 'latency' | 'event-age',
  text: string,
): LatencyObjective | EventAgeObjective | undefined {
  const problems: Problem[] = [];
  const defaults = DEFAULT_LAMBDA_OPS_SETTINGS;
  const objective =
    kind === 'latency'
      ? parseLatency(text, defaults.latency, problems)
      : parseEventAge(text, defaults.eventAge, problems);
  return problems.length === 0 ? objective : undefined;
}
