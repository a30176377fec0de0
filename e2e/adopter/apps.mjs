// The adopter's side: the three packages packed as they would be published, and apps made
// by the current @backstage/create-app with their Backstage packages aligned the way the
// READMEs say. Creating and aligning an app installs some 2,500 packages and compiles
// native modules, so the aligned app is kept, per create-app version and alignment
// command, under ~/.cache/lambda-ops/adopter (LAMBDA_OPS_ADOPTER_CACHE) and reused in
// place: each run puts its files back to the aligned commit, and `yarn install` only adds
// what the run changed. Without the cache (a fresh machine) the apps are created anew.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support.mjs';

const CACHE =
  process.env.LAMBDA_OPS_ADOPTER_CACHE ??
  join(
    process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
    'lambda-ops',
    'adopter',
  );

const PLUGINS = ['lambda-ops-common', 'lambda-ops', 'lambda-ops-backend'];

/**
 * The environment for the app's own commands: this repository's (with npm_config_nodedir,
 * so native modules build against the local Node headers), less what `yarn test:e2e` adds
 * for its scripts (the package's npm_* variables, the project's paths).
 */
export function adopterEnv(extra = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(npm_package_|npm_lifecycle_|npm_(node_)?execpath$|npm_config_user_agent$|BERRY_BIN_FOLDER$|PROJECT_CWD$|INIT_CWD$)/.test(
          name,
        ),
    ),
  );
  // An adopter changes the lockfile; CI=true would make Yarn refuse to.
  return { ...env, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false', ...extra };
}

/** Runs a command, its output appended to the step log; throws naming the log on failure. */
export function run(command, args, { cwd, log, env = {} }) {
  writeFileSync(log, `\n$ ${command} ${args.join(' ')}   (in ${cwd})\n`, {
    flag: 'a',
  });
  try {
    execFileSync(command, args, {
      cwd,
      env: adopterEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    }).toString();
  } catch (error) {
    writeFileSync(log, `${error.stdout ?? ''}${error.stderr ?? ''}`, {
      flag: 'a',
    });
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}; see ${log}`,
    );
  }
}

const git = (cwd, ...args) =>
  execFileSync(
    'git',
    [
      '-c',
      'user.name=Lambda Ops adopter test',
      '-c',
      'user.email=adopter@localhost',
      ...args,
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  ).toString();

/** Builds and packs the three packages; returns the tarball of each package name. */
export function packPlugins(outDir, log) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const tarballs = {};
  for (const dir of PLUGINS) {
    const cwd = join(ROOT, 'plugins', dir);
    const { name } = JSON.parse(
      readFileSync(join(cwd, 'package.json'), 'utf8'),
    );
    const file = join(outDir, `${name.replace('@', '').replace('/', '-')}.tgz`);
    run('yarn', ['build'], { cwd, log });
    // prepack swaps in publishConfig (dist/ entry points), as publishing does.
    run('yarn', ['pack', '--out', file], { cwd, log });
    tarballs[name] = file;
  }
  return tarballs;
}

export function createAppVersion(log) {
  writeFileSync(log, '\n$ npm view @backstage/create-app version\n', {
    flag: 'a',
  });
  return execFileSync('npm', ['view', '@backstage/create-app', 'version'])
    .toString()
    .trim();
}

/**
 * An app made by `@backstage/create-app@<version>` (`--legacy` for the legacy frontend
 * system) with the README's alignment command run in it, reset to that state; made anew
 * when the version, the command or the plugins' dependencies change. `seed` is an
 * aligned app whose lockfile and node_modules a new one starts from, as create-app's own
 * lockfile seed would (it cannot be fetched here): much less to resolve and compile.
 */
export function alignedApp({ version, legacy, align, seed, log }) {
  // Plugins that come to need newer Backstage packages need a newly aligned app.
  const needs = PLUGINS.map(
    dir =>
      JSON.parse(
        readFileSync(join(ROOT, 'plugins', dir, 'package.json'), 'utf8'),
      ).dependencies,
  );
  const key = createHash('sha256')
    .update(JSON.stringify({ version, legacy, align, needs }))
    .digest('hex')
    .slice(0, 12);
  const flavor = legacy ? 'legacy' : 'new';
  const dir = join(CACHE, `${flavor}-${version}-${key}`);
  if (existsSync(join(dir, '.lambda-ops-aligned'))) {
    git(dir, 'reset', '--quiet', '--hard', 'aligned');
    git(dir, 'clean', '--quiet', '-fd');
    return dir;
  }
  mkdirSync(CACHE, { recursive: true });
  for (const old of readdirSync(CACHE).filter(d =>
    d.startsWith(`${flavor}-`),
  )) {
    rmSync(join(CACHE, old), { recursive: true, force: true });
  }
  run(
    'npx',
    [
      '--yes',
      `@backstage/create-app@${version}`,
      '--path',
      dir,
      '--skip-install',
      ...(legacy ? ['--legacy'] : []),
    ],
    { cwd: CACHE, log, env: { BACKSTAGE_APP_NAME: 'adopter' } },
  );
  if (seed) {
    cpSync(join(seed, 'yarn.lock'), join(dir, 'yarn.lock'));
    cpSync(join(seed, 'node_modules'), join(dir, 'node_modules'), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
  const [command, ...args] = align;
  run(command, args, { cwd: dir, log });
  if (!existsSync(join(dir, '.git'))) {
    git(dir, 'init', '--quiet');
  }
  git(dir, 'add', '--all');
  git(
    dir,
    'commit',
    '--quiet',
    '--allow-empty',
    '-m',
    'Aligned with the READMEs',
  );
  git(dir, 'tag', '--force', 'aligned');
  writeFileSync(
    join(dir, '.lambda-ops-aligned'),
    `${new Date().toISOString()}\n`,
  );
  writeFileSync(join(dir, '.git', 'info', 'exclude'), '.lambda-ops-aligned\n', {
    flag: 'a',
  });
  return dir;
}
