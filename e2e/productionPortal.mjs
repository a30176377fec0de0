// The demo portal as an adopter runs it in production: the app built with
// `backstage-cli package build` and served by the backend (app-backend) on one origin,
// with the AWS emulator behind it. Stops everything it started.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BACKEND_URL } from './demoPortal.mjs';
import { ARTIFACTS, ROOT, startProcessGroup, waitFor } from './support.mjs';

/** The app is served by the backend, so the app's URL is the backend's. */
export const PRODUCTION_APP_URL = BACKEND_URL;

const require = createRequire(import.meta.url);

/** Builds packages/app for production (minified, split into content-hashed chunks). */
export function buildApp() {
  execFileSync(
    process.execPath,
    [require.resolve('@backstage/cli/bin/backstage-cli'), 'package', 'build'],
    { cwd: join(ROOT, 'packages/app'), stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/**
 * Starts the emulator and the backend, which serves the built app in packages/app/dist
 * at {@link PRODUCTION_APP_URL}. The backend runs from its sources through the Backstage
 * CLI's transform, as `backstage-cli package start` does, in production mode.
 */
export async function startProductionPortal() {
  const emulator = await startProcessGroup(
    process.execPath,
    [
      join(ROOT, 'packages/aws-emulator/bin/lambda-ops-aws-emulator'),
      '--runbooks-dir',
      join(ROOT, 'examples/runbooks'),
      '--catalog-dir',
      join(ROOT, 'examples'),
    ],
    {
      cwd: ROOT,
      logFile: join(ARTIFACTS, 'production-emulator.log'),
      ready: () =>
        waitFor('http://127.0.0.1:4599/_emulator/stats', { timeoutMs: 60_000 }),
    },
  );
  let backend;
  try {
    backend = await startProcessGroup(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        'src/index.ts',
        '--config',
        join(ROOT, 'app-config.yaml'),
      ],
      {
        cwd: join(ROOT, 'packages/backend'),
        env: {
          NODE_ENV: 'production',
          APP_CONFIG_app_baseUrl: PRODUCTION_APP_URL,
          // The demo signs in as a guest, which production mode allows only when told to.
          APP_CONFIG_auth_providers_guest_dangerouslyAllowOutsideDevelopment:
            'true',
        },
        logFile: join(ARTIFACTS, 'production-portal.log'),
        ready: () =>
          Promise.all([
            waitFor(`${BACKEND_URL}/api/lambda-ops/health`, {
              timeoutMs: 300_000,
            }),
            waitFor(
              `${BACKEND_URL}/api/catalog/entities/by-name/component/default/checkout-api`,
              {
                timeoutMs: 300_000,
                isReady: res => res.status === 401 || res.ok,
              },
            ),
            waitFor(PRODUCTION_APP_URL, { timeoutMs: 300_000 }),
          ]),
      },
    );
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  return {
    stop: () => Promise.all([backend.stop(), emulator.stop()]),
  };
}
