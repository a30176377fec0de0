import { ScenarioFunctionName } from './account';
import { CHECKOUT_API_DEPLOY_MINUTE } from './metrics';

/**
 * How the scenario functions are configured in Lambda (GetFunctionConfiguration, aliases,
 * versions, concurrency). Times are in minutes before the scenario origin, like the metrics,
 * so "deployed 40 minutes ago" stays true while a demo runs. The package README lists every
 * value; the backend's triage reads them next to the metrics (timeout vs. p99 Duration,
 * reserved concurrency vs. ConcurrentExecutions, the version before the alias's for a
 * rollback hint).
 */

/** Lambda's default concurrency quota of an account. */
export const LAMBDA_ACCOUNT_CONCURRENCY_LIMIT = 1000;

export interface ScenarioFunctionVersion {
  /** A published version number, e.g. "42". */
  version: string;
  /** When the version was published. */
  publishedMinutesAgo: number;
}

export interface ScenarioFunctionAlias {
  name: string;
  /** The version the alias points to; there is no weighted routing in the scenarios. */
  version: string;
  description: string;
}

export interface ScenarioFunctionConfiguration {
  timeoutSeconds: number;
  memorySizeMb: number;
  /** Reserved concurrency; `undefined` when the function draws on the account's pool. */
  reservedConcurrency?: number;
  /** Published versions, oldest first. */
  versions: readonly ScenarioFunctionVersion[];
  /** When `$LATEST` (the unpublished code and configuration) last changed. */
  latestChangedMinutesAgo: number;
  aliases: readonly ScenarioFunctionAlias[];
  /** Runs the Lambda Insights extension, so it reports `LambdaInsights` metrics. */
  lambdaInsights: boolean;
}

const DAY_MINUTES = 24 * 60;

export const SCENARIO_FUNCTION_CONFIGURATIONS: Readonly<
  Record<ScenarioFunctionName, ScenarioFunctionConfiguration>
> = {
  'orders-api': {
    timeoutSeconds: 10,
    memorySizeMb: 1024,
    versions: [
      { version: '16', publishedMinutesAgo: 13 * DAY_MINUTES },
      { version: '17', publishedMinutesAgo: 6 * DAY_MINUTES },
    ],
    latestChangedMinutesAgo: 6 * DAY_MINUTES,
    aliases: [
      { name: 'PROD', version: '17', description: 'Production traffic' },
    ],
    lambdaInsights: false,
  },
  'checkout-api': {
    timeoutSeconds: 3,
    memorySizeMb: 512,
    reservedConcurrency: 100,
    versions: [
      { version: '40', publishedMinutesAgo: 20 * DAY_MINUTES },
      { version: '41', publishedMinutesAgo: 9 * DAY_MINUTES },
      // The deploy that started the error burst.
      { version: '42', publishedMinutesAgo: CHECKOUT_API_DEPLOY_MINUTE },
    ],
    latestChangedMinutesAgo: CHECKOUT_API_DEPLOY_MINUTE,
    aliases: [
      { name: 'PROD', version: '42', description: 'Production traffic' },
    ],
    lambdaInsights: true,
  },
  'billing-events': {
    timeoutSeconds: 30,
    memorySizeMb: 256,
    versions: [{ version: '7', publishedMinutesAgo: 21 * DAY_MINUTES }],
    latestChangedMinutesAgo: 21 * DAY_MINUTES,
    aliases: [
      { name: 'LIVE', version: '7', description: 'Consumes the billing queue' },
    ],
    lambdaInsights: false,
  },
  'nightly-report': {
    timeoutSeconds: 900,
    memorySizeMb: 2048,
    versions: [{ version: '3', publishedMinutesAgo: 45 * DAY_MINUTES }],
    latestChangedMinutesAgo: 45 * DAY_MINUTES,
    aliases: [],
    lambdaInsights: false,
  },
  'legacy-api': {
    timeoutSeconds: 6,
    memorySizeMb: 128,
    versions: [],
    latestChangedMinutesAgo: 400 * DAY_MINUTES,
    aliases: [],
    lambdaInsights: false,
  },
  'webhook-relay': {
    timeoutSeconds: 10,
    memorySizeMb: 256,
    versions: [{ version: '5', publishedMinutesAgo: 30 * DAY_MINUTES }],
    latestChangedMinutesAgo: 30 * DAY_MINUTES,
    aliases: [],
    lambdaInsights: false,
  },
};
