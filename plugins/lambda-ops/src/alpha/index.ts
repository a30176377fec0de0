/**
 * Lambda Ops for the new frontend system.
 *
 * @packageDocumentation
 */

import { lambdaOpsPlugin } from './plugin';

export { lambdaOpsApi } from './apis';
export { entityLambdaOpsContent } from './entityContent';
export { entityLambdaOpsCard } from './entityCard';
export { entityCoverageCard, entityOnCallCard } from './groupCards';
export { homePageOnCallWidget } from './homePageWidgets';
export { coveragePage, onCallPage, sloReviewPage } from './pages';

export default lambdaOpsPlugin;
