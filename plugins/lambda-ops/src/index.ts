/**
 * Lambda Ops frontend plugin: an Operations tab with the SLOs, error budgets and
 * burn rates of the AWS Lambda functions behind a catalog entity, and an overview
 * card with their worst status.
 *
 * This entry point serves the legacy frontend system; the new frontend system
 * uses `@lambda-ops/backstage-plugin/alpha`.
 *
 * @packageDocumentation
 */

export {
  lambdaOpsPlugin,
  EntityLambdaOpsCard,
  EntityLambdaOpsContent,
} from './plugin';
export { lambdaOpsApiRef, LambdaOpsClient } from './api';
export type { LambdaOpsApi } from './api';
export { isLambdaOpsAvailable } from '@lambda-ops/backstage-plugin-common';
