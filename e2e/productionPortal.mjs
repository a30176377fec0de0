// The demo portal as an adopter runs it in production: the app built with
// `backstage-cli package build` and served by the backend (app-backend) on one origin,
// with the AWS emulator behind it. Stops everything it started.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, BACKEND_URL, ROOT, waitFor } from './demoPortal.mjs';

/** The app is served by the backend, so the app's URL is the backend's. */
export const PRODUCTION_APP_URL = BACKEND_URL;

const require = createRequire(import.meta.url);

// A signal ends the process through 'exit', so that what it started is stopped.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => process.exit(128 + os.constants.signals[signal]));
}

/** Builds packages/app for production (minified, split into content-hashed chunks). */
export function buildApp() {
  execFileSync(
    process.execPath,
    [require.resolve('@backstage/cli/bin/backstage-cli'), 'package', 'build'],
    { cwd: join(ROOT, 'packages/app'), stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

function startDetached(command, args, options, log) {
  const child = spawn(command, args, {
    ...options,
    detached: true, // its own process group, so stopping it stops all it started
    stdio: ['ignore', log, log],
  });
  const exited = new Promise(resolve => child.once('exit', resolve));
  // Should this process end without stopping it (an error, Ctrl-C), stop it anyway.
  const stopOnExit = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', stopOnExit);
  return {
    exited,
    async stop() {
      process.off('exit', stopOnExit);
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return; // already gone
      }
      await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/**
 * Starts the emulator and the backend, which serves the built app in packages/app/dist
 * at {@link PRODUCTION_APP_URL}. The backend runs from its sources through the Backstage
 * CLI's transform, as `backstage-cli package start` does, in production mode.
 */
export async function startProductionPortal() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const log = openSync(join(ARTIFACTS, 'production-portal.log'), 'w');
  const transform = require.resolve('@backstage/cli/config/nodeTransform.cjs');
  const started = [];
  const stop = () => Promise.all(started.map(process => process.stop()));
  try {
    const emulator = startDetached(
      process.execPath,
      [
        join(ROOT, 'packages/aws-emulator/bin/lambda-ops-aws-emulator'),
        '--runbooks-dir',
        join(ROOT, 'examples/runbooks'),
      ],
      { cwd: ROOT },
      log,
    );
    started.push(emulator);
    const backend = startDetached(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        transform,
        'src/index.ts',
        '--config',
        join(ROOT, 'app-config.yaml'),
      ],
      {
        cwd: join(ROOT, 'packages/backend'),
        env: {
          ...process.env,
          NODE_ENV: 'production',
          APP_CONFIG_app_baseUrl: PRODUCTION_APP_URL,
          // The demo signs in as a guest, which production mode allows only when told to.
          APP_CONFIG_auth_providers_guest_dangerouslyAllowOutsideDevelopment:
            'true',
        },
      },
      log,
    );
    started.push(backend);
    await Promise.race([
      Promise.all([
        waitFor(`${BACKEND_URL}/api/lambda-ops/health`, { timeoutMs: 300_000 }),
        waitFor(
          `${BACKEND_URL}/api/catalog/entities/by-name/component/default/checkout-api`,
          { timeoutMs: 300_000, isReady: res => res.status === 401 || res.ok },
        ),
        waitFor(PRODUCTION_APP_URL, { timeoutMs: 300_000 }),
      ]),
      Promise.race([backend.exited, emulator.exited]).then(code => {
        throw new Error(
          `the production portal exited early (${code}); see e2e-artifacts/production-portal.log`,
        );
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
