import { isFiring } from '../alarms/alarmRules';
import {
  changeBefore,
  CHANGE_LOOKBACK_MINUTES,
  minutesBetween,
} from '../deploys/changeBefore';
import type {
  Alarm,
  DeployMarker,
  LambdaFunctionRef,
  RollbackHint,
  Slo,
  TriageCheck,
} from '../types';

/** p99 `Duration` at this share of the timeout or more: the function nearly times out. */
const DURATION_NEAR_TIMEOUT = 0.8;
/** Memory used at this share of the memory size or more: it saturates. */
const MEMORY_NEAR_SIZE = 0.9;
/** Concurrency at this share of the reserved concurrency or more: our own limit throttles. */
const CONCURRENCY_NEAR_LIMIT = 0.9;

/** What the Lambda API says about the function, where it could be read. @public */
export interface FunctionFacts {
  timeoutMs?: number;
  memoryMb?: number;
  reservedConcurrency?: number;
  /** For the rollback hint: the alias's version and the one before it. */
  version?: string;
  previousVersion?: string;
  /** Why the facts could not be read, as an operator can act on it. */
  error?: string;
}

/**
 * The function's metrics over the last hour, oldest first; a metric that could not be
 * read is left out.
 *
 * @public
 */
export interface SaturationMetrics {
  /** p99 `Duration`, ms. */
  duration?: readonly number[];
  /** Lambda Insights `used_memory_max`, MB. */
  memory?: readonly number[];
  /** `Throttles` sums. */
  throttles?: readonly number[];
  /** `ConcurrentExecutions` maxima. */
  concurrency?: readonly number[];
  /** Messages visible in the dead-letter queue. */
  dlq?: readonly number[];
}

/** When the incident began: the first alarm, or the burn when it came first. @public */
export interface IncidentStart {
  /** Epoch ms. */
  at: number;
  what: 'the alarm' | 'the burn started';
  /** Start of the earliest page-level burn, epoch ms, when an SLO burns. */
  burnStart?: number;
}

/**
 * When the incident of a function began, or undefined while none of its alarms fires and
 * none of its SLOs pages: then there is nothing to triage.
 *
 * @public
 */
export function incidentStart(
  alarms: readonly Pick<Alarm, 'state' | 'stateSince'>[],
  slos: readonly Pick<Slo, 'burningSince'>[],
  now: number,
): IncidentStart | undefined {
  const alarmStarts = alarms
    .filter(isFiring)
    .map(alarm => (alarm.stateSince ? Date.parse(alarm.stateSince) : now));
  const burnStarts = slos
    .filter(slo => slo.burningSince)
    .map(slo => Date.parse(slo.burningSince!));
  if (alarmStarts.length === 0 && burnStarts.length === 0) {
    return undefined;
  }
  const firstAlarm = Math.min(...alarmStarts);
  const burnStart = burnStarts.length > 0 ? Math.min(...burnStarts) : undefined;
  return firstAlarm <= (burnStart ?? Infinity)
    ? { at: firstAlarm, what: 'the alarm', burnStart }
    : { at: burnStart!, what: 'the burn started', burnStart };
}

/** What the triage of one function found. @public */
export interface FunctionTriage {
  checks: TriageCheck[];
  rollback: RollbackHint | null;
}

/**
 * Part A of every runbook, done by the machine: was there a change in the hour before the
 * incident, do `Duration` and memory saturate, are there throttles, does the dead-letter
 * queue fill. Each check passes, warns or says it cannot tell; a deployment before a
 * page-level burn also gives the rollback hint.
 *
 * @param input - `deadLetterQueue`: the queue's name when the entity has one
 * @public
 */
export function triageFunction(input: {
  fn: LambdaFunctionRef;
  incident: IncidentStart;
  changes: readonly DeployMarker[];
  facts: FunctionFacts;
  metrics: SaturationMetrics;
  deadLetterQueue?: string;
  now: number;
}): FunctionTriage {
  const { fn, incident, changes, facts, metrics } = input;
  const checks = [
    recentChangeCheck(fn, changes, incident, input.now, facts),
    durationCheck(metrics.duration, facts),
    memoryCheck(metrics.memory, facts),
    throttleCheck(metrics.throttles, metrics.concurrency, facts),
    ...(input.deadLetterQueue
      ? [dlqCheck(input.deadLetterQueue, metrics.dlq)]
      : []),
  ].map(check => ({ ...check, message: `${fn.name}: ${check.message}` }));
  return {
    checks,
    rollback:
      incident.burnStart === undefined
        ? null
        : rollbackHint(fn, changes, incident.burnStart, facts),
  };
}

function peak(values: readonly number[] | undefined): number | undefined {
  return values && values.length > 0 ? Math.max(...values) : undefined;
}

function total(values: readonly number[] | undefined): number {
  return values?.reduce((sum, value) => sum + value, 0) ?? 0;
}

/** A word for a POSIX shell: as it is when plain, else single-quoted. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9._:/=@+-]+$/.test(value)
    ? value
    : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The AWS CLI command that points the alias back at the previous version, or null
 * without an alias or a version to go back to. Values are quoted for the shell should they
 * hold anything but the characters Lambda names allow.
 *
 * @public
 */
export function rollbackCommand(
  hint: Pick<RollbackHint, 'functionName' | 'alias' | 'toVersion'>,
): string | null {
  if (!hint.alias || !hint.toVersion) {
    return null;
  }
  return [
    'aws lambda update-alias',
    `--function-name ${shellWord(hint.functionName)}`,
    `--name ${shellWord(hint.alias)}`,
    `--function-version ${shellWord(hint.toVersion)}`,
  ].join(' ');
}

/**
 * The first move while a page-level burn follows a deployment: roll the alias back. Null
 * without a deployment in the hour before the burn.
 *
 * @public
 */
export function rollbackHint(
  fn: LambdaFunctionRef,
  changes: readonly DeployMarker[],
  burnStart: number,
  facts: FunctionFacts,
): RollbackHint | null {
  const deploy = changeBefore(changes, burnStart, 'deployment');
  if (!deploy) {
    return null;
  }
  const target =
    fn.qualifier && facts.previousVersion
      ? `roll back ${fn.qualifier} to version ${facts.previousVersion} first`
      : 'roll back to the previous version first';
  const hint = {
    functionName: fn.name,
    alias: fn.qualifier,
    toVersion: facts.previousVersion ?? null,
  };
  return {
    message: `${fn.name}: deployed ${deploy.minutes} min before the burn started — ${target}`,
    deployMarkerId: deploy.change.id,
    fromVersion: facts.version ?? null,
    ...hint,
    command: rollbackCommand(hint),
  };
}

function recentChangeCheck(
  fn: LambdaFunctionRef,
  changes: readonly DeployMarker[],
  incident: IncidentStart,
  now: number,
  facts: FunctionFacts,
): TriageCheck {
  const recent = changeBefore(changes, incident.at);
  if (!recent) {
    return {
      check: 'recent-deploy',
      result: 'pass',
      message: `no deploy or configuration change in the ${CHANGE_LOOKBACK_MINUTES} minutes before ${incident.what}`,
      runbookStep: 'A.2: look for saturation and throttles instead',
    };
  }
  const { change } = recent;
  const when = `${minutesBetween(Date.parse(change.ts), now)} min ago, ${
    recent.minutes
  } min before ${incident.what}`;
  const what = `${change.changeSummary}${
    change.actor ? ` by ${change.actor}` : ''
  }`;
  if (change.changeType === 'configuration') {
    return {
      check: 'recent-deploy',
      result: 'warn',
      message: `configuration changed ${when} (${what}): revert it first`,
      runbookStep: 'B.1: undo the change, then find out why',
    };
  }
  const rollback =
    fn.qualifier && facts.version && facts.previousVersion
      ? `roll back ${fn.qualifier} from version ${facts.version} to ${facts.previousVersion} first`
      : 'roll back first';
  return {
    check: 'recent-deploy',
    result: 'warn',
    message: `deployed ${when} (${what}): ${rollback}`,
    runbookStep: fn.qualifier
      ? `B.1: aws lambda update-alias --function-name ${fn.name} --name ${
          fn.qualifier
        } --function-version ${facts.previousVersion ?? '<previous>'}`
      : 'B.1: redeploy the previous version',
  };
}

function durationCheck(
  duration: readonly number[] | undefined,
  facts: FunctionFacts,
): TriageCheck {
  const p99 = peak(duration);
  if (p99 === undefined || facts.timeoutMs === undefined) {
    return {
      check: 'duration-near-timeout',
      result: 'unknown',
      message:
        facts.timeoutMs === undefined
          ? `cannot compare Duration with the timeout: the function configuration could not be read${
              facts.error ? ` (${facts.error})` : ''
            }`
          : 'no Duration data in the last hour',
      runbookStep: null,
    };
  }
  const near = p99 >= DURATION_NEAR_TIMEOUT * facts.timeoutMs;
  return {
    check: 'duration-near-timeout',
    result: near ? 'warn' : 'pass',
    message: `p99 Duration peaked at ${(p99 / 1000).toFixed(1)} s of the ${(
      facts.timeoutMs / 1000
    ).toFixed(0)} s timeout in the last hour`,
    runbookStep: near
      ? 'B.2: give it more memory (more CPU); lengthen the timeout only as a stopgap'
      : null,
  };
}

function memoryCheck(
  memory: readonly number[] | undefined,
  facts: FunctionFacts,
): TriageCheck {
  const used = peak(memory);
  if (used === undefined || facts.memoryMb === undefined) {
    return {
      check: 'memory-saturation',
      result: 'unknown',
      message:
        used === undefined
          ? 'memory use unknown: enable Lambda Insights, or read "Max Memory Used" from the REPORT log lines'
          : 'memory size unknown: the function configuration could not be read',
      runbookStep: null,
    };
  }
  const near = used >= MEMORY_NEAR_SIZE * facts.memoryMb;
  return {
    check: 'memory-saturation',
    result: near ? 'warn' : 'pass',
    message: `memory used peaked at ${Math.round(used)} of ${
      facts.memoryMb
    } MB in the last hour`,
    runbookStep: near ? 'B.2: raise the memory size' : null,
  };
}

function throttleCheck(
  throttles: readonly number[] | undefined,
  concurrency: readonly number[] | undefined,
  facts: FunctionFacts,
): TriageCheck {
  if (!throttles) {
    return {
      check: 'throttles',
      result: 'unknown',
      message: 'no Throttles data in the last hour',
      runbookStep: null,
    };
  }
  const throttled = total(throttles);
  const peakConcurrency = peak(concurrency);
  const limit = facts.reservedConcurrency;
  const nearLimit =
    limit !== undefined &&
    peakConcurrency !== undefined &&
    peakConcurrency >= CONCURRENCY_NEAR_LIMIT * limit;
  const concurrencyText =
    peakConcurrency === undefined
      ? ''
      : `; concurrency peaked at ${peakConcurrency}${
          limit !== undefined ? ` of ${limit} reserved` : ''
        }`;
  return {
    check: 'throttles',
    result: throttled > 0 || nearLimit ? 'warn' : 'pass',
    message: `${Math.round(
      throttled,
    )} throttled requests in the last hour${concurrencyText}`,
    runbookStep:
      throttled > 0 || nearLimit
        ? 'B.3: raise reserved concurrency if the throttles come from our own limit'
        : null,
  };
}

function dlqCheck(
  queue: string,
  depth: readonly number[] | undefined,
): TriageCheck {
  if (!depth || depth.length === 0) {
    return {
      check: 'dlq-depth',
      result: 'unknown',
      message: `no data for the dead-letter queue ${queue} in the last hour`,
      runbookStep: null,
    };
  }
  const waiting = depth[depth.length - 1];
  return {
    check: 'dlq-depth',
    result: waiting > 0 ? 'warn' : 'pass',
    message: `${waiting} messages waiting in ${queue}`,
    runbookStep:
      waiting > 0
        ? 'B.2: read one message and its error before redriving; never purge'
        : null,
  };
}
