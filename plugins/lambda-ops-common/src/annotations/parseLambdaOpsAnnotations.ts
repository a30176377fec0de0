import type { Entity } from '@backstage/catalog-model';
import { parseDurationSeconds } from '../duration';
import type { LambdaFunctionRef, Problem, SloPattern } from '../types';
import { SLO_PATTERNS } from '../types';
import {
  ALIAS_ANNOTATION,
  LAMBDA_FUNCTION_ARN_ANNOTATION,
  LAMBDA_FUNCTION_NAME_ANNOTATION,
  LAMBDA_REGION_ANNOTATION,
  RUNBOOK_ANNOTATION,
  SLO_AVAILABILITY_ANNOTATION,
  SLO_PATTERN_ANNOTATION,
  SLO_WINDOW_ANNOTATION,
} from './constants';

/** Defaults applied where an entity sets nothing; the backend takes them from config. @public */
export interface LambdaOpsDefaults {
  /** Region for function names when the entity gives none. */
  region?: string;
  pattern: SloPattern;
  windowDays: number;
  /** Availability target as a fraction (0.999). */
  availabilityTarget: number;
}

/** @public */
export const DEFAULT_LAMBDA_OPS_SETTINGS: LambdaOpsDefaults = {
  pattern: 'api',
  windowDays: 30,
  availabilityTarget: 0.999,
};

/** The operations settings an entity declares, after defaults. @public */
export interface LambdaOpsEntitySettings {
  functions: LambdaFunctionRef[];
  pattern: SloPattern;
  windowDays: number;
  availabilityTarget: number;
  runbook: string | null;
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

  return {
    functions: dedupeFunctions(functions),
    pattern: parsePattern(
      read(SLO_PATTERN_ANNOTATION),
      defaults.pattern,
      problems,
    ),
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
    runbook: read(RUNBOOK_ANNOTATION) ?? null,
    problems,
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
  const percent = PERCENT.test(value) ? Number(value) : NaN;
  if (!(percent > 0 && percent < 100)) {
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
  // Rounded so that 99.9 becomes exactly 0.999, not 0.9990000000000001.
  return Math.round(percent * 1e8) / 1e10;
}
