import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import {
  BUDGET_POLICY_EXAMPLE,
  BudgetPolicy,
  DEFAULT_BUDGET_POLICY,
  DEFAULT_LAMBDA_OPS_SETTINGS,
  DEFAULT_MIN_EVENTS,
  DEFAULT_PUBLISHING_LAG_MS,
  LambdaOpsDefaults,
  parseObjective,
  readBudgetPolicy,
  percentToFraction,
  SLO_PATTERNS,
  SloPattern,
} from '@lambda-ops/backstage-plugin-common';
import { Duration } from 'luxon';

/** The plugin's configuration, read once at start-up. */
export interface LambdaOpsConfig {
  endpoints: {
    cloudwatch?: string;
    applicationSignals?: string;
    lambda?: string;
  };
  maxAttempts: number;
  /** The AWS SDK's retry mode. */
  retryMode: 'standard' | 'adaptive';
  /** Longest one AWS call attempt may take, connecting included. */
  callTimeoutMs: number;
  /** Longest the Operations tab waits for AWS before it answers with what it has. */
  pageDeadlineMs: number;
  cacheTtlMs: number;
  staleTtlMs: number;
  severityTagKey: string;
  defaults: LambdaOpsDefaults;
  /** How late CloudWatch publishes a minute of metrics: burn-rate windows end that early. */
  publishingLagMs: number;
  /** Fewest requests a burn-rate row's long window needs to fire (low-traffic guard). */
  minEvents: number;
  /** The deploy gate's policy for entities without `lambda-ops/budget-policy`. */
  budgetPolicy: BudgetPolicy;
  runbooks: {
    /** Largest runbook read, in bytes. */
    maxBytes: number;
    /** Whether runbooks of entities from local catalog files are read from disk. */
    allowLocalFiles: boolean;
  };
  /** How long one account and region's alarm listing is reused. */
  alarmListingTtlMs: number;
  /** How long an alarm's tags are reused, at the least (see `AlarmsService`). */
  alarmTagsTtlMs: number;
  /** How long one account and region's Application Signals SLO listing and an SLO's exclusion windows are reused. */
  applicationSignalsListingTtlMs: number;
  /** How long the triage reuses a function's configuration, concurrency and versions. */
  functionFactsTtlMs: number;
  collector: {
    /** When the fleet refresh runs. */
    schedule: SchedulerServiceTaskScheduleDefinition;
  };
  notifications: {
    /**
     * Whether owners are notified: true or false as configured; undefined (not set) means
     * whenever the notifications backend is installed beside this plugin.
     */
    enabled: boolean | undefined;
  };
  deployMarkers: {
    /** Markers older than this many days are pruned, and older ones refused. */
    retentionDays: number;
    /** When the pruning task runs. */
    retentionSchedule: SchedulerServiceTaskScheduleDefinition;
    /** Markers one principal may post per window. */
    rateLimit: { max: number; windowMs: number };
  };
}

function readDurationMs(
  config: Config,
  key: string,
  fallback: Duration,
  options: { allowZero?: boolean } = {},
): number {
  if (!config.has(key)) {
    return fallback.toMillis();
  }
  const value = config.get(key);
  const duration =
    typeof value === 'string'
      ? Duration.fromISO(value)
      : Duration.fromObject(readDurationFromConfig(config, { key }));
  const ms = duration.toMillis();
  if (!duration.isValid || ms < 0 || (ms === 0 && !options.allowZero)) {
    throw new Error(
      `Invalid lambdaOps.${key}: expected a ${
        options.allowZero ? 'non-negative' : 'positive'
      } duration such as { minutes: 1 } or PT1M`,
    );
  }
  return ms;
}

function readPattern(config: Config): SloPattern {
  const pattern = config.getOptionalString('defaults.pattern');
  if (pattern === undefined) {
    return DEFAULT_LAMBDA_OPS_SETTINGS.pattern;
  }
  if (!(SLO_PATTERNS as readonly string[]).includes(pattern)) {
    throw new Error(
      `Invalid lambdaOps.defaults.pattern "${pattern}": use one of ${SLO_PATTERNS.join(
        ', ',
      )}`,
    );
  }
  return pattern as SloPattern;
}

function readTargetPercent(
  config: Config,
  key: string,
  fallback: number,
  example: string,
): number {
  const percent = config.getOptionalNumber(key);
  if (percent === undefined) {
    return fallback;
  }
  if (!(percent > 0 && percent < 100)) {
    throw new Error(
      `Invalid lambdaOps.${key} ${percent}: use a percentage above 0 and below 100, e.g. ${example}`,
    );
  }
  return percentToFraction(percent);
}

function invalidSetting(key: string, value: string, example: string): never {
  throw new Error(
    `Invalid lambdaOps.${key} "${value}": write it as e.g. ${example}`,
  );
}

function readWindowDays(config: Config): number {
  const days = config.getOptionalNumber('defaults.windowDays');
  if (days === undefined) {
    return DEFAULT_LAMBDA_OPS_SETTINGS.windowDays;
  }
  if (!Number.isInteger(days) || days < 1 || days > 90) {
    throw new Error(
      `Invalid lambdaOps.defaults.windowDays ${days}: use whole days from 1 to 90, e.g. 30`,
    );
  }
  return days;
}

function readMinEvents(config: Config): number {
  const events = config.getOptionalNumber('defaults.minEvents');
  if (events === undefined) {
    return DEFAULT_MIN_EVENTS;
  }
  if (!Number.isInteger(events) || events < 0) {
    throw new Error(
      `Invalid lambdaOps.defaults.minEvents ${events}: use a whole number of requests, 0 or more, e.g. 100`,
    );
  }
  return events;
}

function readDefaultBudgetPolicy(config: Config): BudgetPolicy {
  const text = config.getOptionalString('defaults.budgetPolicy');
  if (text === undefined) {
    return DEFAULT_BUDGET_POLICY;
  }
  const { policy, errors } = readBudgetPolicy(text, DEFAULT_BUDGET_POLICY);
  if (errors.length > 0) {
    throw new Error(
      `Invalid lambdaOps.defaults.budgetPolicy "${text}": ${errors.join(
        '; ',
      )}. Write it as e.g. "${BUDGET_POLICY_EXAMPLE}"`,
    );
  }
  return policy;
}

/** One mebibyte: the default cap on a runbook's size. */
const DEFAULT_RUNBOOK_MAX_BYTES = 1024 * 1024;

function readRunbookMaxBytes(config: Config): number {
  const bytes = config.getOptionalNumber('runbooks.maxBytes');
  if (bytes === undefined) {
    return DEFAULT_RUNBOOK_MAX_BYTES;
  }
  if (!Number.isInteger(bytes) || bytes < 1) {
    throw new Error(
      `Invalid lambdaOps.runbooks.maxBytes ${bytes}: use a whole number of bytes above 0, e.g. 1048576 for 1 MiB`,
    );
  }
  return bytes;
}

/** How long deploy markers are kept by default: a year and a bit, for year-on-year looks. */
const DEFAULT_DEPLOY_MARKER_RETENTION_DAYS = 400;

function readRetentionDays(config: Config): number {
  const days = config.getOptionalNumber('deployMarkers.retentionDays');
  if (days === undefined) {
    return DEFAULT_DEPLOY_MARKER_RETENTION_DAYS;
  }
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(
      `Invalid lambdaOps.deployMarkers.retentionDays ${days}: use whole days above 0, e.g. 400`,
    );
  }
  return days;
}

/** Far more than one pipeline deploys in a minute, few enough to stop a runaway loop. */
const DEFAULT_DEPLOY_MARKER_RATE_LIMIT = 60;

function readRateLimitMax(config: Config): number {
  const max = config.getOptionalNumber('deployMarkers.rateLimit.max');
  if (max === undefined) {
    return DEFAULT_DEPLOY_MARKER_RATE_LIMIT;
  }
  if (!Number.isInteger(max) || max < 1) {
    throw new Error(
      `Invalid lambdaOps.deployMarkers.rateLimit.max ${max}: use a whole number of markers above 0, e.g. 60`,
    );
  }
  return max;
}

/** Once a day, a minute after start-up; ten minutes is plenty for one DELETE. */
const DEFAULT_RETENTION_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 24 },
  timeout: { minutes: 10 },
  initialDelay: { minutes: 1 },
};

/**
 * Every 5 minutes: the fleet views are at most that old plus a refresh. The first refresh
 * reads 30 days of metrics, so it gets more time than the steady ones need.
 */
const DEFAULT_COLLECTOR_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 30 },
  initialDelay: { seconds: 30 },
};

function readSchedule(
  config: Config,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
  example: string,
): SchedulerServiceTaskScheduleDefinition {
  const schedule = config.getOptionalConfig(key);
  if (!schedule) {
    return fallback;
  }
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule);
  } catch (error) {
    throw new Error(
      `Invalid lambdaOps.${key}: ${(error as Error).message}; e.g. ${example}`,
    );
  }
}

function readRetryMode(config: Config): 'standard' | 'adaptive' {
  const mode = config.getOptionalString('aws.retryMode') ?? 'adaptive';
  if (mode !== 'standard' && mode !== 'adaptive') {
    throw new Error(
      `Invalid lambdaOps.aws.retryMode "${mode}": use standard or adaptive`,
    );
  }
  return mode;
}

/** Reads `lambdaOps.*`, failing start-up with a clear message on a bad value. */
export function readLambdaOpsConfig(rootConfig: Config): LambdaOpsConfig {
  const config =
    rootConfig.getOptionalConfig('lambdaOps') ?? new ConfigReader({});
  const latency = config.getOptionalString('defaults.latency');
  const eventAge = config.getOptionalString('defaults.eventAge');
  return {
    endpoints: {
      cloudwatch: config.getOptionalString('aws.endpoints.cloudwatch'),
      applicationSignals: config.getOptionalString(
        'aws.endpoints.applicationSignals',
      ),
      lambda: config.getOptionalString('aws.endpoints.lambda'),
    },
    maxAttempts: config.getOptionalNumber('aws.maxAttempts') ?? 3,
    retryMode: readRetryMode(config),
    callTimeoutMs: readDurationMs(
      config,
      'aws.callTimeout',
      Duration.fromObject({ seconds: 5 }),
    ),
    pageDeadlineMs: readDurationMs(
      config,
      'pageDeadline',
      Duration.fromObject({ seconds: 10 }),
    ),
    cacheTtlMs: readDurationMs(
      config,
      'cache.ttl',
      Duration.fromObject({ minutes: 1 }),
    ),
    staleTtlMs: readDurationMs(
      config,
      'cache.staleTtl',
      Duration.fromObject({ days: 1 }),
    ),
    severityTagKey: config.getOptionalString('severity.tagKey') ?? 'severity',
    publishingLagMs: readDurationMs(
      config,
      'defaults.publishingLag',
      Duration.fromMillis(DEFAULT_PUBLISHING_LAG_MS),
      { allowZero: true },
    ),
    minEvents: readMinEvents(config),
    budgetPolicy: readDefaultBudgetPolicy(config),
    alarmListingTtlMs: readDurationMs(
      config,
      'alarms.listingTtl',
      Duration.fromObject({ minutes: 5 }),
      { allowZero: true },
    ),
    alarmTagsTtlMs: readDurationMs(
      config,
      'alarms.tagsTtl',
      Duration.fromObject({ hours: 1 }),
      { allowZero: true },
    ),
    applicationSignalsListingTtlMs: readDurationMs(
      config,
      'applicationSignals.listingTtl',
      Duration.fromObject({ minutes: 10 }),
      { allowZero: true },
    ),
    functionFactsTtlMs: readDurationMs(
      config,
      'triage.functionFactsTtl',
      Duration.fromObject({ minutes: 2 }),
      { allowZero: true },
    ),
    collector: {
      schedule: readSchedule(
        config,
        'collector.schedule',
        DEFAULT_COLLECTOR_SCHEDULE,
        '{ frequency: { minutes: 5 }, timeout: { minutes: 30 } }',
      ),
    },
    notifications: {
      enabled: config.getOptionalBoolean('notifications.enabled'),
    },
    runbooks: {
      maxBytes: readRunbookMaxBytes(config),
      allowLocalFiles:
        config.getOptionalBoolean('runbooks.allowLocalFiles') ?? false,
    },
    deployMarkers: {
      retentionDays: readRetentionDays(config),
      retentionSchedule: readSchedule(
        config,
        'deployMarkers.retentionSchedule',
        DEFAULT_RETENTION_SCHEDULE,
        '{ frequency: { hours: 24 }, timeout: { minutes: 10 } }',
      ),
      rateLimit: {
        max: readRateLimitMax(config),
        windowMs: readDurationMs(
          config,
          'deployMarkers.rateLimit.window',
          Duration.fromObject({ minutes: 1 }),
        ),
      },
    },
    defaults: {
      region: config.getOptionalString('defaults.region'),
      pattern: readPattern(config),
      windowDays: readWindowDays(config),
      availabilityTarget: readTargetPercent(
        config,
        'defaults.availabilityTarget',
        DEFAULT_LAMBDA_OPS_SETTINGS.availabilityTarget,
        '99.9',
      ),
      latency:
        latency === undefined
          ? DEFAULT_LAMBDA_OPS_SETTINGS.latency
          : parseObjective('latency', latency) ??
            invalidSetting('defaults.latency', latency, 'p95<500ms@99'),
      eventAge:
        eventAge === undefined
          ? DEFAULT_LAMBDA_OPS_SETTINGS.eventAge
          : parseObjective('event-age', eventAge) ??
            invalidSetting('defaults.eventAge', eventAge, '5m@99'),
      batchTarget: readTargetPercent(
        config,
        'defaults.batchTarget',
        DEFAULT_LAMBDA_OPS_SETTINGS.batchTarget,
        '95',
      ),
    },
  };
}
