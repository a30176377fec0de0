#!/usr/bin/env node
// Runs the TypeScript benchmark directly through the Backstage CLI's Node.js transform
// (SWC), as packages/aws-emulator/bin/lambda-ops-aws-emulator does; no build step.
require('@backstage/cli/config/nodeTransform.cjs');

require('./slo-bench')
  .main()
  .then(() => require('./operations-page-bench').main())
  .then(() => require('./fleet-views-bench').main())
  .then(() => require('./fleet-bench').main())
  .catch(error => {
    console.error(`lambda-ops-backend bench: ${error.stack ?? error.message}`);
    process.exit(1);
  });
