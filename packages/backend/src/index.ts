/*
 * The example backend of the Lambda Ops demo portal: the catalog, guest sign-in, the
 * Lambda Ops backend plugin with notifications and signals, and Tech Insights with the
 * Lambda Ops coverage facts, installed the way their READMEs tell an adopter to, and the
 * MCP actions backend that offers the plugin's actions to AI assistants.
 */

import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
// Deploy markers only from CI and the release group; everyone reads the catalog.
backend.add(import('./permissionPolicy'));

backend.add(import('@lambda-ops/backstage-plugin-backend'));
// Optional for Lambda Ops: with them, owners get notified in the bell (paging, budgets,
// alarms without a runbook) and open Operations tabs refresh when something changes.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(
  import('@lambda-ops/backstage-plugin-backend-module-tech-insights'),
);

// Offers the actions that plugins register (Lambda Ops': on-call, coverage, operations)
// to AI assistants over MCP; backend.actions.pluginSources in app-config.yaml picks them.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
