#!/usr/bin/env node
// Runs the TypeScript benchmark compiled by SWC as the Backstage CLI's Node.js transform
// compiles it, but ahead and in a child process (see compileAhead.js); no build step.
const { spawnSync } = require('node:child_process');

const BENCHES = ['slo', 'operations-page', 'fleet-views', 'fleet'];
// `LAMBDA_OPS_BENCH_ONLY=fleet` (a comma-separated list of the names above) runs those alone.
const only = (process.env.LAMBDA_OPS_BENCH_ONLY ?? '')
  .split(',')
  .filter(Boolean);
const unknown = only.filter(name => !BENCHES.includes(name));
if (unknown.length > 0) {
  console.error(
    `lambda-ops-backend bench: LAMBDA_OPS_BENCH_ONLY names ${unknown.join(
      ', ',
    )}; the benchmarks are ${BENCHES.join(', ')}`,
  );
  process.exit(1);
}

const selected = BENCHES.filter(
  name => only.length === 0 || only.includes(name),
);

/**
 * The benchmarks' child processes: one a benchmark, and the fleet refresh one a size, so
 * that a 10,000-function figure does not start from what the 1,000-function run left.
 * The planner's line, which the fleet benchmark prints last, is printed once.
 */
function processes() {
  const sizes = (process.env.LAMBDA_OPS_BENCH_FLEET_SIZES ?? '')
    .split(',')
    .filter(Boolean);
  return selected.flatMap(name =>
    name === 'fleet' && sizes.length > 1
      ? sizes.map((size, i) => ({
          name: `${name} (${size} functions)`,
          env: {
            LAMBDA_OPS_BENCH_ONLY: name,
            LAMBDA_OPS_BENCH_FLEET_SIZES: size,
            LAMBDA_OPS_BENCH_FLEET_PLAN: i === sizes.length - 1 ? 'yes' : 'no',
          },
        }))
      : [{ name, env: { LAMBDA_OPS_BENCH_ONLY: name } }],
  );
}

const children = processes();
if (children.length > 1) {
  // Each in a process of its own, with this one's Node.js options: the fleet refresh's
  // memory figures would otherwise start from the heap and the garbage that the fleet
  // views' 10,000-entity snapshot left.
  for (const { name, env } of children) {
    const { status, signal } = spawnSync(
      process.execPath,
      [...process.execArgv, __filename],
      { stdio: 'inherit', env: { ...process.env, ...env } },
    );
    if (status !== 0) {
      console.error(
        `lambda-ops-backend bench: the ${name} benchmark failed (${
          signal ?? `exit code ${status}`
        })`,
      );
      process.exit(1);
    }
  }
  process.exit(0);
}

require('./compileAhead').loadTypeScriptCompiledAhead();

selected
  .reduce(
    (previous, name) => previous.then(() => require(`./${name}-bench`).main()),
    Promise.resolve(),
  )
  // The test backend of the operations-page benchmark leaves its database's connection
  // pool behind when stopped, which would keep the process (and `yarn bench`) waiting.
  .then(() => process.exit(0))
  .catch(error => {
    console.error(`lambda-ops-backend bench: ${error.stack ?? error.message}`);
    process.exit(1);
  });
