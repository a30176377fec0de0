// Starts the demo portal exactly as the README tells a user to (scripts/demo.sh) and
// stops it again, with everything it started.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS = join(ROOT, 'e2e-artifacts');
export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';

export async function waitFor(url, { timeoutMs, isReady = res => res.ok }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (await isReady(res)) {
        return;
      }
      lastError = new Error(`${url} answered ${res.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(
    `${url} was not ready after ${timeoutMs / 1000}s: ${lastError}`,
  );
}

export async function startDemoPortal() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const log = openSync(join(ARTIFACTS, 'demo.log'), 'w');
  const child = spawn('bash', [join(ROOT, 'scripts/demo.sh')], {
    cwd: ROOT,
    detached: true, // its own process group, so stopping it stops all it started
    stdio: ['ignore', log, log],
    env: { ...process.env, BROWSER: 'none' },
  });
  const exited = new Promise(resolve => child.once('exit', resolve));
  try {
    await Promise.race([
      Promise.all([
        waitFor(`${BACKEND_URL}/api/lambda-ops/health`, { timeoutMs: 600_000 }),
        waitFor(
          `${BACKEND_URL}/api/catalog/entities/by-name/component/default/orders-api`,
          {
            timeoutMs: 600_000,
            // 401 means the catalog is up; the entity itself needs a token to read.
            isReady: res => res.status === 401 || res.ok,
          },
        ),
        waitFor(APP_URL, { timeoutMs: 600_000 }),
      ]),
      exited.then(code => {
        throw new Error(
          `scripts/demo.sh exited early (${code}); see e2e-artifacts/demo.log`,
        );
      }),
    ]);
  } catch (error) {
    stop();
    throw error;
  }

  function stop() {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  return {
    async stop() {
      stop();
      await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}
