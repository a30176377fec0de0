import {
  BackendFeature,
  coreServices,
  createBackendModule,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { RunningAwsEmulator } from '@lambda-ops/aws-emulator';
import { lambdaOpsPlugin } from '../plugin';
import {
  FleetCollector,
  fleetCollectorServiceRef,
} from '../services/fleet/FleetCollector';
import { testEntities } from '../__fixtures__/entities';

/** The clock that the emulator and the backend share in tests, so numbers are exact. */
export const PINNED_NOW = new Date('2026-11-29T12:00:00Z');

/**
 * Timers stay real: HTTP servers and the AWS SDK rely on them; only `Date` is pinned. A
 * test whose AWS calls are throttled uses {@link pinClockTicking} instead.
 */
export const REAL_TIMERS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/**
 * Sets `Date` to {@link PINNED_NOW} and lets it tick from there, for tests whose AWS calls
 * are throttled: the SDK's adaptive rate limiter measures its sending rate on `Date`, and a
 * stopped clock would never refill its bucket.
 */
export function pinClockTicking(): void {
  jest.useFakeTimers({
    now: PINNED_NOW,
    doNotFake: [...REAL_TIMERS],
    advanceTimers: true,
  });
}

/**
 * A permissions service whose policy gives users `userResult` for every permission, while
 * service principals are decided as Backstage decides them (`ServerPermissionClient`: by
 * the token's access restrictions, allowed when it has none).
 */
export function permissionsForUsers(
  userResult: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: { auth: coreServices.auth, discovery: coreServices.discovery },
    factory({ auth, discovery }): PermissionsService {
      const backstage = ServerPermissionClient.fromConfig(
        new ConfigReader({ permission: { enabled: true } }),
        { auth, discovery },
      );
      const isService = (
        options?: Parameters<PermissionsService['authorize']>[1],
      ) =>
        Boolean(
          options &&
            'credentials' in options &&
            auth.isPrincipal(options.credentials, 'service'),
        );
      return {
        async authorize(requests, options) {
          return isService(options)
            ? backstage.authorize(requests, options)
            : requests.map(() => ({ result: userResult }));
        },
        async authorizeConditional(requests, options) {
          return isService(options)
            ? backstage.authorizeConditional(requests, options)
            : requests.map(() => ({ result: userResult }));
        },
      };
    },
  });
}

/** What {@link startLambdaOpsTestBackend} starts the plugin's test backend with. */
export interface LambdaOpsTestBackendOptions {
  emulator?: RunningAwsEmulator;
  entities?: Entity[];
  lambdaOps?: object;
  backend?: object;
  /** A catalog in place of the mock that lets every caller read every entity. */
  catalog?: BackendFeature;
  /** The `aws` config, in place of test keys for the main account and 123456789012. */
  aws?: object;
  /** More features or service factories, e.g. `permissionsForUsers(AuthorizeResult.DENY)`. */
  features?: BackendFeature[];
}

/**
 * Starts a test backend with the plugin, the catalog mock and every AWS endpoint pointed at
 * the emulator, when one is given; Jest stops it after the tests, anything else with
 * `stop()`.
 */
export async function startLambdaOpsTestBackend(
  options: LambdaOpsTestBackendOptions,
): Promise<TestBackend> {
  const { emulator } = options;
  return startTestBackend({
    features: [
      lambdaOpsPlugin,
      options.catalog ??
        catalogServiceMock.factory({
          entities: options.entities ?? testEntities,
        }),
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          backend: options.backend ?? {},
          aws: options.aws ?? {
            mainAccount: { accessKeyId: 'test', secretAccessKey: 'test' },
            accounts: [
              {
                accountId: '123456789012',
                accessKeyId: 'test',
                secretAccessKey: 'test',
              },
            ],
          },
          lambdaOps: {
            aws: {
              endpoints: emulator
                ? {
                    cloudwatch: emulator.url,
                    applicationSignals: emulator.url,
                    lambda: emulator.url,
                  }
                : {},
              maxAttempts: 2,
            },
            // The fleet refresh would add its own AWS calls to the emulator's counts.
            collector: {
              schedule: {
                frequency: { trigger: 'manual' },
                timeout: { minutes: 5 },
              },
            },
            ...options.lambdaOps,
          },
        },
      }),
    ],
  });
}

/** The server of {@link startLambdaOpsTestBackend}'s backend, for a Jest test. */
export async function startLambdaOpsBackend(
  options: LambdaOpsTestBackendOptions,
): Promise<TestBackend['server']> {
  return (await startLambdaOpsTestBackend(options)).server;
}

/**
 * A module of the plugin that hands the backend's fleet collector to the test, so that a
 * test refreshes the fleet when it chooses (the schedule is manual in tests).
 */
export function fleetCollectorOfBackend(): {
  feature: BackendFeature;
  collector: () => FleetCollector;
} {
  let collector: FleetCollector | undefined;
  return {
    feature: createBackendModule({
      pluginId: 'lambda-ops',
      moduleId: 'fleet-collector-for-tests',
      register(env) {
        env.registerInit({
          deps: { fleetCollector: fleetCollectorServiceRef },
          async init({ fleetCollector }) {
            collector = fleetCollector;
          },
        });
      },
    }),
    collector: () => {
      if (!collector) {
        throw new Error('The backend has not started the plugin yet');
      }
      return collector;
    },
  };
}
