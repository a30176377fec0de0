import { ScenarioFunctionVersion } from '../scenarios/functions';
import { DistributionShape } from '../timeseries/datapoints';
import { FleetTable } from './fleetTable';
import {
  FleetAccount,
  FleetHealth,
  FleetPattern,
  FleetTeam,
  PAGE_BURN_MINUTES,
  TICKET_BURN_MINUTES,
} from './layout';

const DAY_MINUTES = 24 * 60;

/** The availability target every fleet function is held to, as a budget fraction (99.9 %). */
const BUDGET_FRACTION = 0.001;
/** Burn rates of the two kinds of burn: page-level (> 14.4) and ticket-level (> 1, < 6). */
const PAGE_BURN_RATE = 30;
const TICKET_BURN_RATE = 2;

/** A published version of a function, with the commit it was built from. */
export interface FleetVersion extends ScenarioFunctionVersion {
  gitSha: string;
}

/**
 * Everything about one fleet function, derived from its index and the seed, as it stands at
 * the fleet's start (`profileAfterStart` moves it on).
 */
export interface FunctionProfile {
  index: number;
  name: string;
  team: FleetTeam;
  account: FleetAccount;
  region: string;
  pattern: FleetPattern;
  health: FleetHealth;
  /** 0 without traffic. */
  invocationsPerMinute: number;
  /** Errors a minute outside a burn (the budget burns at well under 1×). */
  errorsPerMinute: number;
  /** A burn: this many errors a minute (api) or an event-age backlog (async) in the last `minutes`. */
  burn?: { minutes: number; errorsPerMinute: number };
  duration: DistributionShape;
  concurrentExecutions: number;
  /** async: how long events wait before the function gets them. */
  eventAge?: DistributionShape;
  /** batch: one run a day at `hourUtc`:00, done in `durationMs`, by its deadline `hourUtc`:30. */
  dailyRun?: { hourUtc: number; durationMs: number };
  timeoutSeconds: number;
  memorySizeMb: number;
  /** With Lambda Insights: the memory its invocations use at most. */
  memoryUsedMb?: number;
  reservedConcurrency?: number;
  /** Published versions, oldest first; the newest is the last deploy. */
  versions: FleetVersion[];
  /** The alias its traffic goes through (api and async functions). */
  alias?: string;
  /** async: its SQS dead-letter queue. */
  deadLetterQueue?: string;
}

function thousandths(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** A latency distribution around its p95 (ms): a long tail, as Lambda durations have. */
function shapeAround(p95: number): DistributionShape {
  return {
    minimum: Math.round(p95 * 0.15),
    p50: Math.round(p95 * 0.45),
    average: Math.round(p95 * 0.55),
    p95,
    p99: Math.round(p95 * 1.6),
    maximum: Math.round(p95 * 3),
  };
}

/** Events waiting 5–8 minutes: every period breaks the 5-minute event-age objective. */
export const EVENT_AGE_BACKLOG: DistributionShape = {
  minimum: 310_000,
  p50: 380_000,
  average: 390_000,
  p95: 450_000,
  p99: 470_000,
  maximum: 480_000,
};

/** Dead letters a minute while an async function's backlog lasts. */
export const BACKLOG_DEAD_LETTERS_PER_MINUTE = 0.2;

export function functionProfile(
  table: FleetTable,
  index: number,
): FunctionProfile {
  const pattern = table.pattern(index);
  const health = table.health(index);
  const unit = (field: string) => table.unit(index, field);
  const name = table.name(index);

  const rate =
    health === 'no-traffic'
      ? 0
      : {
          api: Math.round(10 * 2 ** (7 * unit('rate'))), // 10 … 1,280 a minute
          async: Math.round(5 * 2 ** (5 * unit('rate'))), // 5 … 160
          batch: 1, // the minute of its run
        }[pattern];
  const errorsPerMinute =
    pattern === 'batch'
      ? 0
      : thousandths(rate * BUDGET_FRACTION * (0.05 + 0.35 * unit('burn')));
  let burn: FunctionProfile['burn'];
  if (health === 'page') {
    burn = {
      minutes: PAGE_BURN_MINUTES,
      errorsPerMinute:
        pattern === 'api'
          ? thousandths(rate * BUDGET_FRACTION * PAGE_BURN_RATE)
          : errorsPerMinute,
    };
  } else if (health === 'ticket') {
    burn = {
      minutes: TICKET_BURN_MINUTES,
      errorsPerMinute: thousandths(rate * BUDGET_FRACTION * TICKET_BURN_RATE),
    };
  }

  const duration = shapeAround(
    pattern === 'api'
      ? 60 + Math.round(290 * unit('p95'))
      : 100 + Math.round(900 * unit('p95')),
  );
  const memorySizeMb = table.choose(
    index,
    'memory',
    pattern === 'batch' ? [1024, 2048, 3008] : [128, 256, 512, 1024, 2048],
  );
  const ageP95 = 1_000 + Math.round(59_000 * unit('age'));
  return {
    index,
    name,
    team: table.team(index),
    account: table.account(index),
    region: table.region(index),
    pattern,
    health,
    invocationsPerMinute: rate,
    errorsPerMinute,
    burn,
    duration,
    concurrentExecutions: Math.max(
      1,
      Math.ceil((rate * duration.average) / 60_000),
    ),
    eventAge:
      pattern === 'async'
        ? {
            minimum: 20,
            p50: Math.round(ageP95 * 0.3),
            average: Math.round(ageP95 * 0.35),
            p95: ageP95,
            p99: Math.round(ageP95 * 1.2),
            maximum: Math.round(ageP95 * 1.5),
          }
        : undefined,
    dailyRun:
      pattern === 'batch'
        ? {
            hourUtc: table.choose(
              index,
              'hour',
              Array.from({ length: 24 }, (_, h) => h),
            ),
            durationMs: 60_000 + Math.round(600_000 * unit('run')),
          }
        : undefined,
    timeoutSeconds: {
      api: table.choose(index, 'timeout', [3, 6, 10, 15, 29]),
      async: table.choose(index, 'timeout', [30, 60, 120, 300]),
      batch: 900,
    }[pattern],
    memorySizeMb,
    memoryUsedMb: table.has(index, 'lambdaInsights')
      ? Math.round(memorySizeMb * (0.35 + 0.3 * unit('memoryUsed')))
      : undefined,
    reservedConcurrency: table.has(index, 'reservedConcurrency')
      ? table.choose(index, 'reserved', [20, 50, 100, 200])
      : undefined,
    versions: versionsOf(table, index, pattern, health),
    alias: pattern === 'batch' ? undefined : 'PROD',
    deadLetterQueue: pattern === 'async' ? `${name}-dlq` : undefined,
  };
}

/**
 * The profile `minutes` after the fleet's start, which `functionProfile` describes: a burn
 * under way at the start burns on, and every deploy is that much longer ago. So a minute's
 * metrics, a deploy's time and an alarm's state change stay where they were as the clock
 * moves, as CloudWatch's history does.
 */
export function profileAfterStart(
  profile: FunctionProfile,
  minutes: number,
): FunctionProfile {
  if (minutes === 0) return profile;
  return {
    ...profile,
    burn: profile.burn && {
      ...profile.burn,
      minutes: profile.burn.minutes + minutes,
    },
    versions: profile.versions.map(version => ({
      ...version,
      publishedMinutesAgo: version.publishedMinutesAgo + minutes,
    })),
  };
}

/**
 * Published versions, oldest first. The newest is the last deploy: the one that started a
 * page-level burn 70 minutes ago or a ticket-level one 4 days ago; the one before it is
 * where a rollback goes.
 */
function versionsOf(
  table: FleetTable,
  index: number,
  pattern: FleetPattern,
  health: FleetHealth,
): FleetVersion[] {
  const unit = (field: string) => table.unit(index, field);
  let count = table.choose(index, 'versions', [2, 3, 4]);
  let newestMinutesAgo =
    (1 + Math.floor(29 * unit('deployedDays'))) * DAY_MINUTES +
    Math.floor(DAY_MINUTES * unit('deployedMinute'));
  if (health === 'page') {
    newestMinutesAgo = PAGE_BURN_MINUTES;
  } else if (health === 'ticket') {
    newestMinutesAgo = TICKET_BURN_MINUTES;
  } else if (health === 'no-traffic') {
    count = 1;
    newestMinutesAgo =
      (200 + Math.floor(200 * unit('deployedDays'))) * DAY_MINUTES;
  } else if (pattern === 'batch') {
    count = table.choose(index, 'versions', [1, 2]);
  }
  const first = 1 + Math.floor(60 * unit('firstVersion'));
  const versions: FleetVersion[] = [];
  let publishedMinutesAgo = newestMinutesAgo;
  for (let k = count - 1; k >= 0; k--) {
    const version = String(first + k);
    versions.unshift({
      version,
      publishedMinutesAgo,
      gitSha: gitShaOf(table, index, version),
    });
    publishedMinutesAgo +=
      (2 + Math.floor(12 * unit(`gap${k}`))) * DAY_MINUTES +
      Math.floor(DAY_MINUTES * unit(`gapMinute${k}`));
  }
  return versions;
}

/** A short commit hash, the same on every run. */
function gitShaOf(table: FleetTable, index: number, version: string): string {
  const hex = (field: string) =>
    Math.floor(table.unit(index, field) * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${hex(`sha${version}a`)}${hex(`sha${version}b`)}`.slice(0, 7);
}
