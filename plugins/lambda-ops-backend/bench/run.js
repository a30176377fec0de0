#!/usr/bin/env node
// Runs the TypeScript benchmark compiled by SWC as the Backstage CLI's Node.js transform
// compiles it, but ahead and in a child process (see compileAhead.js); no build step.
require('./compileAhead').loadTypeScriptCompiledAhead();

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

BENCHES.filter(name => only.length === 0 || only.includes(name))
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
