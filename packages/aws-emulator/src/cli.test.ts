import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';

const BIN = resolvePath(__dirname, '../bin/lambda-ops-aws-emulator');

describe('lambda-ops-aws-emulator', () => {
  let runbooks: string;
  beforeAll(async () => {
    runbooks = await mkdtemp(join(tmpdir(), 'lambda-ops-cli-runbooks-'));
    await writeFile(join(runbooks, 'timeout.md'), '# Timeout\n');
  });
  afterAll(() => rm(runbooks, { recursive: true, force: true }));

  it('listens, logs its URL in one line and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [BIN, '--port', '0', '--runbooks-dir', runbooks],
      {
        env: {
          ...process.env,
          LAMBDA_OPS_EMULATOR_NOW: '2026-11-29T12:00:00Z',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      while (!output.includes('\n')) {
        const [chunk] = await once(child.stdout, 'data');
        output += chunk;
      }
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

      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a runbooks directory that does not exist', async () => {
    const child = spawn(process.execPath, [BIN, '--port', '0'], {
      env: {
        ...process.env,
        LAMBDA_OPS_EMULATOR_RUNBOOKS_DIR: join(runbooks, 'missing'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('is not a directory');
  });

  it('refuses a publishing lag that is not whole seconds', async () => {
    const child = spawn(
      process.execPath,
      [BIN, '--port', '0', '--publishing-lag', '2m'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('whole number of seconds, e.g. 120');
  });

  it('refuses an invalid port', async () => {
    const child = spawn(process.execPath, [BIN, '--port', 'http'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('The port must be an integer');
  });
});
