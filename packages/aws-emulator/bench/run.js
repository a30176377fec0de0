#!/usr/bin/env node
// Runs the TypeScript benchmark directly through the Backstage CLI's Node.js transform
// (SWC), as bin/lambda-ops-aws-emulator does; no build step.
require('@backstage/cli/config/nodeTransform.cjs');

require('./fleet-bench')
  .main(process.argv.slice(2))
  .catch(error => {
    console.error(`aws-emulator bench: ${error.stack ?? error.message}`);
    process.exit(1);
  });
