// `yarn test:e2e [name…]`: the end-to-end tests (e2e/**/*.test.mjs) in Chromium, one file
// at a time, as they share the demo's ports (3000, 7007, 4599). Names narrow the files
// (`yarn test:e2e adopter`). The spec goes to the terminal, TAP to e2e-artifacts/e2e.tap.
import { spawnSync } from 'node:child_process';
import { existsSync, globSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  console.error(
    `No Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium), or point CHROMIUM_PATH at one. ./scripts/test.sh installs it.`,
  );
  process.exit(1);
}

const names = process.argv.slice(2);
const files = globSync('e2e/**/*.test.mjs', { cwd: ROOT })
  .sort()
  .filter(file => names.length === 0 || names.some(n => file.includes(n)));
if (files.length === 0) {
  console.error(`No end-to-end test file matches ${names.join(', ')}`);
  process.exit(1);
}

mkdirSync(join(ROOT, 'e2e-artifacts'), { recursive: true });
const { status, signal } = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    '--test-reporter-destination=e2e-artifacts/e2e.tap',
    ...files,
  ],
  { cwd: ROOT, stdio: 'inherit' },
);
process.exitCode = status ?? (signal ? 1 : 0);
