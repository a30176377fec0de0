// The adopter test: what a platform team does with the READMEs alone. The three packages
// are built and packed; the current @backstage/create-app makes an app for the new
// frontend system, and one for the legacy system (`--legacy`, the template create-app
// offers for it); the READMEs' steps are read from their code blocks and applied (align
// the Backstage versions, install the tarballs with the common package, add the backend
// plugin, the configuration, and for the legacy app the EntityPage routes and cards); the
// app is started with `yarn start` against the AWS emulator and the Operations tab and
// the overview card are checked in Chromium, with the emulator's figures.
// Steps are logged to e2e-artifacts/adopter/<app>.log, screenshots beside them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  ARTIFACTS,
  ROOT,
  launchChromium,
  startProcessGroup,
  waitFor,
} from '../support.mjs';
import { anyOf, ORDERS_API_CONSUMED } from '../sloFigures.mjs';
import {
  adopterEnv,
  alignedApp,
  createAppVersion,
  packPlugins,
  run,
} from './apps.mjs';
import {
  addToBackend,
  addToEntityPage,
  blocksUnder,
  mergeConfig,
  mergePackageJson,
  readBlocks,
} from './readmeSteps.mjs';

const OUT = join(ARTIFACTS, 'adopter');
const EMULATOR = 'http://localhost:4599';
const APP_URL = 'http://localhost:3000';
const BACKEND_URL = 'http://localhost:7007';
const READMES = {
  frontend: join(ROOT, 'plugins/lambda-ops/README.md'),
  backend: join(ROOT, 'plugins/lambda-ops-backend/README.md'),
};

/** `yarn up '@backstage/*'` → ['yarn', 'up', '@backstage/*'] (quotes as a shell reads them). */
function words(commandLine) {
  return [...commandLine.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map(
    m => m[1] ?? m[2] ?? m[3],
  );
}

/** The command both READMEs give to align an app's Backstage packages. */
function alignmentCommand(blocks) {
  const commands = Object.entries(blocks).map(([readme, own]) =>
    blocksUnder(own, 'Backstage versions', {
      lang: 'sh',
      readme,
    })[0].code.trim(),
  );
  assert.equal(
    new Set(commands).size,
    1,
    `The READMEs disagree on aligning versions: ${commands.join(' / ')}`,
  );
  return words(commands[0]);
}

/** Puts each tarball where the README's `file:` entries expect it, then merges the blocks. */
function installTarballs(appDir, blocks, tarballs) {
  for (const [readme, own] of Object.entries(blocks)) {
    for (const block of blocksUnder(own, 'From tarballs', {
      lang: 'jsonc',
      readme,
    })) {
      const json = mergePackageJson(appDir, block);
      const entries = {
        ...json.resolutions,
        ...json.dependencies,
      };
      for (const [name, spec] of Object.entries(entries)) {
        if (name.startsWith('@lambda-ops/') && spec.startsWith('file:')) {
          const target = resolve(appDir, dirname(block.caption), spec.slice(5));
          mkdirSync(dirname(target), { recursive: true });
          copyFileSync(tarballs[name], target);
        }
      }
    }
  }
}

/** The README's configuration, with the runbook host pointed at the emulator's. */
function configure(appDir, blocks) {
  const [block] = blocksUnder(blocks.backend, 'Configuration', {
    caption: 'app-config.yaml',
    readme: 'The backend README',
  });
  mergeConfig(appDir, block, config => {
    assert.ok(
      Array.isArray(config.backend?.reading?.allow),
      'The configuration block no longer allows the runbook host (backend.reading.allow)',
    );
    config.backend.reading.allow.push({ host: new URL(EMULATOR).host });
    return config;
  });
  // The catalog of the test, beside the template's examples.
  const file = join(appDir, 'app-config.yaml');
  const config = parseYaml(readFileSync(file, 'utf8'));
  config.catalog.locations.push({
    type: 'file',
    target: join(ROOT, 'e2e/adopter/entities.yaml'),
  });
  writeFileSync(file, stringifyYaml(config));
  return config;
}

/** Backstage packages the plugins use that the app holds more than one copy of. */
function duplicatedBackstagePackages(appDir) {
  const used = new Set(
    ['lambda-ops', 'lambda-ops-backend', 'lambda-ops-common'].flatMap(dir =>
      Object.keys(
        JSON.parse(
          readFileSync(join(ROOT, 'plugins', dir, 'package.json'), 'utf8'),
        ).dependencies,
      ).filter(name => name.startsWith('@backstage/')),
    ),
  );
  const found = execFileSync(
    'find',
    [
      'node_modules',
      '-type',
      'd',
      '-path',
      '*/node_modules/@backstage/*',
      '-not',
      '-path',
      '*/node_modules/@backstage/*/*',
    ],
    { cwd: appDir, maxBuffer: 64 * 1024 * 1024 },
  )
    .toString()
    .split('\n')
    .map(path => `@backstage/${path.split('/').pop()}`)
    .filter(name => used.has(name));
  return [...new Set(found.filter((name, i) => found.indexOf(name) !== i))];
}

const FLAVORS = [
  { name: 'new', title: 'the new frontend system', legacy: false },
  { name: 'legacy', title: 'the legacy frontend system', legacy: true },
];

describe(
  'an app from @backstage/create-app, installed from the READMEs',
  { timeout: 3_600_000 },
  () => {
    const blocks = {
      frontend: readBlocks(READMES.frontend),
      backend: readBlocks(READMES.backend),
    };
    let version;
    let tarballs;
    let emulator;
    const apps = {};

    before(async () => {
      mkdirSync(OUT, { recursive: true });
      const log = join(OUT, 'packages.log');
      writeFileSync(log, '');
      version = createAppVersion(log);
      tarballs = packPlugins(join(OUT, 'tarballs'), log);
      emulator = await startProcessGroup(
        'node',
        [
          join(ROOT, 'packages/aws-emulator/bin/lambda-ops-aws-emulator'),
          '--runbooks-dir',
          join(ROOT, 'examples/runbooks'),
        ],
        {
          cwd: ROOT,
          logFile: join(OUT, 'emulator.log'),
          ready: () =>
            waitFor(`${EMULATOR}/_emulator/health`, { timeoutMs: 60_000 }),
        },
      );
    });

    after(async () => {
      await emulator?.stop();
    });

    for (const flavor of FLAVORS) {
      describe(`for ${flavor.title}`, () => {
        const log = join(OUT, `${flavor.name}.log`);
        let appDir;
        let portal;
        let browser;
        let page;

        before(async () => {
          writeFileSync(log, `create-app ${version}\n`);
          appDir = alignedApp({
            version,
            legacy: flavor.legacy,
            align: alignmentCommand(blocks),
            seed: flavor.legacy ? apps.new : undefined,
            log,
          });
          apps[flavor.name] = appDir;

          installTarballs(appDir, blocks, tarballs);
          addToBackend(
            appDir,
            blocksUnder(blocks.backend, 'The backend', {
              caption: 'packages/backend/src/index.ts',
            })[0],
          );
          const config = configure(appDir, blocks);
          if (flavor.legacy) {
            for (const block of blocksUnder(
              blocks.frontend,
              'Legacy frontend system',
              {
                caption: 'packages/app/src/components/catalog/EntityPage.tsx',
              },
            )) {
              addToEntityPage(appDir, block);
            }
          } else {
            // The README's condition for the tab to appear with no code at all.
            assert.equal(config.app.packages, 'all');
          }
          run('yarn', ['install'], { cwd: appDir, log });
          run('yarn', ['backstage-cli', 'config:check', '--lax'], {
            cwd: appDir,
            log,
          });

          portal = await startProcessGroup('yarn', ['start'], {
            cwd: appDir,
            env: adopterEnv({
              BROWSER: 'none',
              AWS_ACCESS_KEY_ID: 'emulator',
              AWS_SECRET_ACCESS_KEY: 'emulator',
            }),
            logFile: join(OUT, `${flavor.name}-start.log`),
            ready: () =>
              Promise.all([
                waitFor(`${BACKEND_URL}/api/lambda-ops/health`, {
                  timeoutMs: 600_000,
                }),
                waitFor(APP_URL, { timeoutMs: 600_000 }),
              ]),
          });
          browser = await launchChromium();
          page = await browser.newPage({
            viewport: { width: 1400, height: 1000 },
          });
          page.setDefaultTimeout(90_000);
          await page.goto(APP_URL);
          const enter = page.getByRole('button', { name: 'Enter' });
          await enter.or(page.getByText('orders-api')).first().waitFor();
          if (await enter.isVisible()) {
            await enter.click();
          }
        });

        after(async () => {
          await browser?.close();
          await portal?.stop();
        });

        test('holds one copy of each Backstage package the plugins use', () => {
          assert.deepEqual(duplicatedBackstagePackages(appDir), []);
        });

        test('shows the overview card with the lowest budget remaining', async () => {
          await page.goto(`${APP_URL}/catalog/default/component/orders-api`);
          const budget = page.getByText('Lowest budget remaining');
          await budget.waitFor();
          await page.getByText('80.0%').first().waitFor();
          await budget.scrollIntoViewIfNeeded();
          await page.screenshot({
            path: join(OUT, `${flavor.name}-overview.png`),
          });
        });

        test('shows the Operations tab with the SLO figures', async () => {
          // A link on the new frontend system's entity page, a tab on the legacy one's.
          await page
            .getByRole('link', { name: 'Operations', exact: true })
            .or(page.getByRole('tab', { name: 'Operations', exact: true }))
            .click();
          await page.waitForURL('**/component/orders-api/operations');
          const card = page.getByRole('region', {
            name: '99.9% of requests succeed over 30 days',
            exact: true,
          });
          await card.getByText('99.98%').waitFor();
          // In a window whose length the emulator's publishing lag rounds by a few minutes.
          await anyOf(card, ORDERS_API_CONSUMED).waitFor();
          await page.screenshot({
            path: join(OUT, `${flavor.name}-operations.png`),
            fullPage: true,
          });
        });

        test('names the version to roll back to, read through the Lambda endpoint', async () => {
          await page.goto(
            `${APP_URL}/catalog/default/component/checkout-api/operations`,
          );
          await page
            .getByRole('alert')
            .filter({ hasText: /roll back PROD to version 41 first/ })
            .first()
            .waitFor();
          await page.getByText('--function-version 41').first().waitFor();
          await page.screenshot({
            path: join(OUT, `${flavor.name}-rollback.png`),
            fullPage: true,
          });
        });
      });
    }
  },
);
