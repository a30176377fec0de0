// @ts-check
// Compiles the benchmarks' TypeScript in a child process and loads it compiled, so that
// the process measured holds no compiler and no inline source maps, as a built backend
// holds none (the Backstage CLI's Node.js transform added about 50 MB to its RSS).
const { spawnSync } = require('node:child_process');
const {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const { Module } = require('node:module');
const { tmpdir } = require('node:os');
const { dirname, join, relative, resolve } = require('node:path');

const WORKSPACE = resolve(__dirname, '../../..');
/** The TypeScript the benchmarks load: this plugin's, lambda-ops-common's, the emulator's. */
const SOURCE_FOLDERS = [
  'plugins/lambda-ops-backend/src',
  'plugins/lambda-ops-backend/bench',
  'plugins/lambda-ops-common/src',
  'packages/aws-emulator/src',
];

/**
 * @param {string} folder
 * @returns {Generator<string>}
 */
function* typeScriptFiles(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      yield* typeScriptFiles(path);
    } else if (/(?<!\.d|\.test)\.ts$/.test(entry.name)) {
      yield path;
    }
  }
}

/** @param {string} outFolder */
function compileInto(outFolder) {
  // As the Node.js transform compiles, less the source maps.
  const { transformFileSync } = require('@swc/core');
  for (const folder of SOURCE_FOLDERS) {
    for (const file of typeScriptFiles(join(WORKSPACE, folder))) {
      const { code } = transformFileSync(file, {
        module: { type: 'commonjs', ignoreDynamic: true },
        jsc: { target: 'es2024', parser: { syntax: 'typescript' } },
      });
      const out = join(outFolder, relative(WORKSPACE, file));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, code);
    }
  }
}

/**
 * Compiles the benchmarks' TypeScript into a temporary folder, in a child process, and
 * has `require` load each `.ts` file from there; the folder is removed on exit.
 */
function loadTypeScriptCompiledAhead() {
  const outFolder = mkdtempSync(join(tmpdir(), 'lambda-ops-bench-'));
  process.on('exit', () => rmSync(outFolder, { recursive: true, force: true }));
  const compiled = spawnSync(process.execPath, [__filename, outFolder], {
    stdio: 'inherit',
  });
  if (compiled.status !== 0) {
    throw new Error(
      `Compiling the benchmarks' TypeScript failed (exit code ${compiled.status})`,
    );
  }
  // @ts-expect-error Module._extensions is Node's own table of loaders by extension.
  Module._extensions['.ts'] = (module, filename) => {
    const relativePath = relative(WORKSPACE, filename);
    if (!SOURCE_FOLDERS.some(folder => relativePath.startsWith(`${folder}/`))) {
      throw new Error(
        `${relativePath} is not compiled ahead: add its folder to SOURCE_FOLDERS in bench/compileAhead.js`,
      );
    }
    module._compile(
      readFileSync(join(outFolder, relativePath), 'utf8'),
      filename,
    );
  };
}

if (require.main === module) {
  compileInto(process.argv[2]);
} else {
  module.exports = { loadTypeScriptCompiledAhead };
}
