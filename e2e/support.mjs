// What the end-to-end tests share: starting and stopping process groups, waiting for a
// server, and Debian's Chromium.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS = join(ROOT, 'e2e-artifacts');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

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

// Groups still running; ended when the test process is interrupted, since `after` hooks
// do not run then and a detached group would outlive it, holding its ports.
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const kill of running) {
      kill('SIGKILL');
    }
    process.exit(1);
  });
}

/**
 * Starts a command in its own process group, its output in `logFile`, and waits until
 * `ready()` resolves; fails early, naming the log, when the command exits first. The
 * returned `stop()` ends the group, so everything the command started ends with it;
 * `kill(signal)` sends the group a signal, as a crash or an operator would.
 */
export async function startProcessGroup(
  command,
  args,
  { cwd, env, logFile, ready },
) {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'w');
  const child = spawn(command, args, {
    cwd,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...env },
  });
  const exited = new Promise(resolve => child.once('exit', resolve));
  const signal = name => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  running.add(signal);
  const stop = async () => {
    signal('SIGTERM');
    await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
    signal('SIGKILL');
    running.delete(signal);
  };
  try {
    await Promise.race([
      ready(),
      exited.then(code => {
        throw new Error(
          `${command} ${args.join(' ')} exited early (${code}); see ${logFile}`,
        );
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop, kill: signal };
}
