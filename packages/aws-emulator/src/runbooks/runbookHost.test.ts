import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOW } from '../__testUtils__/emulator';
import { RunningAwsEmulator, startAwsEmulator } from '../server';

/**
 * Sends the request target exactly as given: fetch() would resolve `..` and `%2e%2e` before
 * sending, and the emulator must refuse them when a client does not.
 */
function rawRequest(
  emulator: RunningAwsEmulator,
  target: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: emulator.port, path: target, method },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const RUNBOOK = '# Runbook: orders-api\n\n## Errors\n';
const SECRET = '# not for you\n';

describe('runbook host', () => {
  let base: string;
  let runbooks: string;
  let emulator: RunningAwsEmulator;

  beforeAll(async () => {
    // base/runbooks is served; base/outside is not.
    base = await mkdtemp(join(tmpdir(), 'lambda-ops-runbooks-'));
    runbooks = join(base, 'runbooks');
    await mkdir(join(runbooks, 'team'), { recursive: true });
    await mkdir(join(runbooks, 'folder.md'));
    await mkdir(join(base, 'outside'));
    await writeFile(join(runbooks, 'orders-api.md'), RUNBOOK);
    await writeFile(join(runbooks, 'team', 'checkout.md'), '# Checkout\n');
    await writeFile(join(runbooks, 'notes.txt'), 'plain text\n');
    await writeFile(join(runbooks, '.hidden.md'), SECRET);
    await writeFile(join(base, 'outside', 'secret.md'), SECRET);
    await symlink(
      join(base, 'outside', 'secret.md'),
      join(runbooks, 'escape.md'),
    );
    await symlink(join(base, 'outside'), join(runbooks, 'linked-dir'));
    await symlink(join(runbooks, 'notes.txt'), join(runbooks, 'notes.md'));
    await symlink(join(runbooks, 'orders-api.md'), join(runbooks, 'alias.md'));
    emulator = await startAwsEmulator({ now: NOW, runbooksDir: runbooks });
  });

  afterAll(async () => {
    await emulator.stop();
    await rm(base, { recursive: true, force: true });
  });

  it('serves a markdown file as text/markdown', async () => {
    const response = await rawRequest(emulator, '/runbooks/orders-api.md');
    expect(response).toMatchObject({
      status: 200,
      headers: {
        'content-type': 'text/markdown; charset=utf-8',
        'x-content-type-options': 'nosniff',
      },
      body: RUNBOOK,
    });
    // A fetch client (as Backstage's URL reader uses) gets the same.
    const fetched = await fetch(
      `${emulator.url}/runbooks/orders-api.md?ref=main`,
    );
    expect(await fetched.text()).toBe(RUNBOOK);
  });

  it('serves subdirectories, encoded names and symlinks that stay inside', async () => {
    for (const target of [
      '/runbooks/team/checkout.md',
      '/runbooks/%6Frders-api.md',
      '/runbooks/alias.md',
    ]) {
      expect((await rawRequest(emulator, target)).status).toBe(200);
    }
  });

  it('answers HEAD without a body and other methods with 405', async () => {
    const head = await rawRequest(emulator, '/runbooks/orders-api.md', 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe(String(RUNBOOK.length));
    const post = await rawRequest(emulator, '/runbooks/orders-api.md', 'POST');
    expect(post).toMatchObject({
      status: 405,
      headers: { allow: 'GET, HEAD' },
    });
  });

  it.each([
    ['parent directory', '/runbooks/../outside/secret.md'],
    ['encoded parent directory', '/runbooks/%2e%2e/outside/secret.md'],
    ['upper-case encoding', '/runbooks/%2E%2E/outside/secret.md'],
    ['encoded separators', '/runbooks/..%2Foutside%2Fsecret.md'],
    ['backslashes', '/runbooks/..%5Coutside%5Csecret.md'],
    ['parent inside a subdirectory', '/runbooks/team/../../outside/secret.md'],
    ['double slash (absolute path)', '/runbooks//outside/secret.md'],
    ['a symlink out of the directory', '/runbooks/escape.md'],
    ['a file through a symlinked directory', '/runbooks/linked-dir/secret.md'],
    ['a symlink to a file that is not markdown', '/runbooks/notes.md'],
    ['a file that is not markdown', '/runbooks/notes.txt'],
    ['a hidden file', '/runbooks/.hidden.md'],
    ['a directory named like markdown', '/runbooks/folder.md'],
    ['a missing file', '/runbooks/missing.md'],
    ['invalid percent-encoding', '/runbooks/%E0%A4%A.md'],
    ['NUL', '/runbooks/orders-api.md%00.md'],
    ['the directory itself', '/runbooks/'],
    ['the directory without a slash', '/runbooks'],
    ['a subdirectory', '/runbooks/team/'],
  ])('refuses %s with 404', async (_what, target) => {
    const response = await rawRequest(emulator, target);
    expect(response.status).toBe(404);
    expect(response.body).toBe('Not found\n');
  });

  it('refuses an absolute path, encoded or not', async () => {
    const secret = join(base, 'outside', 'secret.md');
    for (const target of [
      `/runbooks/${secret}`,
      `/runbooks/${encodeURIComponent(secret)}`,
    ]) {
      expect((await rawRequest(emulator, target)).status).toBe(404);
    }
  });

  it('is not an AWS service: neither counted nor subject to the knobs', async () => {
    emulator.setKnobs({ outage: true });
    try {
      expect(
        (await rawRequest(emulator, '/runbooks/orders-api.md')).status,
      ).toBe(200);
    } finally {
      emulator.reset();
    }
    await rawRequest(emulator, '/runbooks/orders-api.md');
    expect(emulator.stats().totalCalls).toBe(0);
  });
});

describe('runbook host without a directory', () => {
  it('answers every runbook with 404', async () => {
    const emulator = await startAwsEmulator({ now: NOW });
    try {
      expect(
        (await rawRequest(emulator, '/runbooks/orders-api.md')).status,
      ).toBe(404);
    } finally {
      await emulator.stop();
    }
  });

  it('refuses to start with a directory that does not exist', async () => {
    await expect(
      startAwsEmulator({ runbooksDir: join(tmpdir(), 'no-such-runbooks-dir') }),
    ).rejects.toThrow(/is not a directory/);
  });
});

describe('catalog files host', () => {
  let base: string;
  let emulator: RunningAwsEmulator;
  const MAINTENANCE =
    "- schedule: '0 2 * * SUN'\n  duration: 2h\n  reason: Weekly partner maintenance\n";

  beforeAll(async () => {
    // base/catalog is served; base/outside is not.
    base = await mkdtemp(join(tmpdir(), 'lambda-ops-catalog-'));
    await mkdir(join(base, 'catalog'));
    await mkdir(join(base, 'outside'));
    await writeFile(join(base, 'catalog', 'maintenance.yaml'), MAINTENANCE);
    await writeFile(join(base, 'catalog', 'notes.md'), '# notes\n');
    await writeFile(join(base, 'outside', 'secret.yaml'), 'secret: 1\n');
    emulator = await startAwsEmulator({
      now: NOW,
      catalogDir: join(base, 'catalog'),
    });
  });

  afterAll(async () => {
    await emulator.stop();
    await rm(base, { recursive: true, force: true });
  });

  it('serves the YAML files beside the catalog files under /catalog/', async () => {
    await expect(
      rawRequest(emulator, '/catalog/maintenance.yaml'),
    ).resolves.toMatchObject({
      status: 200,
      headers: { 'content-type': 'application/yaml; charset=utf-8' },
      body: MAINTENANCE,
    });
  });

  it.each([
    '/catalog/notes.md',
    '/catalog/../outside/secret.yaml',
    '/catalog/%2e%2e/outside/secret.yaml',
    '/runbooks/maintenance.yaml',
  ])('answers 404 for %s', async target => {
    await expect(rawRequest(emulator, target)).resolves.toMatchObject({
      status: 404,
    });
  });
});
