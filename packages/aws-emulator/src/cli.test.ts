import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';

const BIN = resolvePath(__dirname, '../bin/lambda-ops-aws-emulator');

// Each test starts Node.js, which compiles the emulator first: slow on a busy machine.
jest.setTimeout(30_000);

/** Starts the CLI and waits for its first line on stdout. */
async function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  while (!output.includes('\n')) {
    const [chunk] = await once(child.stdout, 'data');
    output += chunk;
  }
  return { child, output };
}

/** Runs the CLI to its end: its exit code and what it wrote to stderr. */
async function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
  const [code] = await once(child, 'exit');
  return { code, stderr };
}

/** Stops the CLI with SIGTERM and says how it exited. */
async function stopCli(child: ChildProcess): Promise<number | null> {
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  return code;
}

describe('lambda-ops-aws-emulator', () => {
  let runbooks: string;
  beforeAll(async () => {
    runbooks = await mkdtemp(join(tmpdir(), 'lambda-ops-cli-runbooks-'));
    await writeFile(join(runbooks, 'timeout.md'), '# Timeout\n');
  });
  afterAll(() => rm(runbooks, { recursive: true, force: true }));

  it('listens, logs its URL in one line and stops cleanly on SIGTERM', async () => {
    const { child, output } = await startCli(
      ['--port', '0', '--runbooks-dir', runbooks],
      { LAMBDA_OPS_EMULATOR_NOW: '2026-11-29T12:00:00Z' },
    );
    try {
      const match =
        /^AWS emulator listening on (http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(
          output,
        );
      expect(match).not.toBeNull();
      const now = await fetch(`${match?.[1]}/_emulator/now`).then(r =>
        r.json(),
      );
      expect(now).toEqual({ now: '2026-11-29T12:00:00.000Z', pinned: true });
      const runbook = await fetch(`${match?.[1]}/runbooks/timeout.md`);
      expect(await runbook.text()).toBe('# Timeout\n');
      // Like CloudWatch, the CLI's emulator publishes each minute 2 minutes late.
      const knobs = await fetch(`${match?.[1]}/_emulator/knobs`).then(r =>
        r.json(),
      );
      expect(knobs.publishingLagSeconds).toBe(120);
      expect(await stopCli(child)).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('serves the fleet scenario with --fleet and says so in its one line', async () => {
    const { child, output } = await startCli([
      '--port',
      '0',
      '--fleet',
      '60',
      '--fleet-seed',
      '4',
    ]);
    try {
      const match =
        /^AWS emulator listening on (http:\/\/127\.0\.0\.1:\d+) with a fleet of 60 functions \(seed 4; catalog at \1\/fleet\/catalog-info\.yaml\)\n$/.exec(
          output,
        );
      expect(match).not.toBeNull();
      const fleet = await fetch(`${match?.[1]}/_emulator/fleet`).then(r =>
        r.json(),
      );
      expect(fleet.fleet).toMatchObject({ size: 60, seed: 4 });
      expect(await stopCli(child)).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a fleet size it cannot serve', async () => {
    const { code, stderr } = await runCli(['--port', '0'], {
      LAMBDA_OPS_EMULATOR_FLEET: '10',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('The fleet size must be an integer from 50');
  });

  it('refuses a runbooks directory that does not exist', async () => {
    const { code, stderr } = await runCli(['--port', '0'], {
      LAMBDA_OPS_EMULATOR_RUNBOOKS_DIR: join(runbooks, 'missing'),
    });
    expect(code).toBe(1);
    expect(stderr).toContain('is not a directory');
  });

  it('refuses a publishing lag that is not whole seconds', async () => {
    const { code, stderr } = await runCli([
      '--port',
      '0',
      '--publishing-lag',
      '2m',
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('whole number of seconds, e.g. 120');
  });

  it('refuses an invalid port', async () => {
    const { code, stderr } = await runCli(['--port', 'http']);
    expect(code).toBe(1);
    expect(stderr).toContain('The port must be an integer');
  });
});
