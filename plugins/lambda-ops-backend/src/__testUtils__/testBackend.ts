import {
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { RunningAwsEmulator } from '@lambda-ops/aws-emulator';
import { lambdaOpsPlugin } from '../plugin';
import { testEntities } from '../__fixtures__/entities';

/** The clock that the emulator and the backend share in tests, so numbers are exact. */
export const PINNED_NOW = new Date('2026-11-29T12:00:00Z');

/** Timers stay real: HTTP servers and the AWS SDK rely on them; only `Date` is pinned. */
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
 * Starts a test backend with the plugin, the catalog mock and every AWS endpoint pointed at
 * the emulator.
 */
export async function startLambdaOpsBackend(options: {
  emulator: RunningAwsEmulator;
  entities?: Entity[];
  lambdaOps?: object;
  backend?: object;
}): Promise<TestBackend['server']> {
  const { emulator } = options;
  const { server } = await startTestBackend({
    features: [
      lambdaOpsPlugin,
      catalogServiceMock.factory({
        entities: options.entities ?? testEntities,
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: options.backend ?? {},
          aws: {
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
              endpoints: {
                cloudwatch: emulator.url,
                applicationSignals: emulator.url,
                lambda: emulator.url,
              },
              maxAttempts: 2,
            },
            ...options.lambdaOps,
          },
        },
      }),
    ],
  });
  return server;
}
