import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve as resolvePath } from 'node:path';

const BIN = resolvePath(__dirname, '../bin/lambda-ops-aws-emulator');

describe('lambda-ops-aws-emulator', () => {
  it('listens, logs its URL in one line and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, '--port', '0'], {
      env: { ...process.env, LAMBDA_OPS_EMULATOR_NOW: '2026-11-29T12:00:00Z' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
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
