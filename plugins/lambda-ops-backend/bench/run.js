#!/usr/bin/env node
// Runs the TypeScript benchmark directly through the Backstage CLI's Node.js transform
// (SWC), as packages/aws-emulator/bin/lambda-ops-aws-emulator does; no build step.
require('@backstage/cli/config/nodeTransform.cjs');

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
  .catch(error => {
    console.error(`lambda-ops-backend bench: ${error.stack ?? error.message}`);
    process.exit(1);
  });
