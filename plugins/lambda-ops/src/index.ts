/**
 * Lambda Ops frontend plugin: an Operations tab with the SLOs, error budgets and
 * burn rates of the AWS Lambda functions behind a catalog entity, an overview card
 * with their worst status, and the fleet views: an on-call page, a runbook-coverage
 * scorecard, the SLO review, and their cards for Group pages and the home page.
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
  EntityLambdaOpsCoverageCard,
  EntityLambdaOpsOnCallCard,
  HomePageLambdaOpsOnCall,
  LambdaOpsCoveragePage,
  LambdaOpsOnCallPage,
  LambdaOpsSloReviewPage,
} from './plugin';
export { coverageRouteRef, onCallRouteRef, sloReviewRouteRef } from './routes';
export { lambdaOpsApiRef, LambdaOpsClient } from './api';
export type { FleetViewRequest, LambdaOpsApi } from './api';
export { isLambdaOpsAvailable } from '@lambda-ops/backstage-plugin-common';
