import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { lambdaOpsApi } from './apis';
import { entityLambdaOpsCard } from './entityCard';
import { entityLambdaOpsContent } from './entityContent';
import { entityCoverageCard, entityOnCallCard } from './groupCards';
import { homePageOnCallWidget } from './homePageWidgets';
import { coveragePage, onCallPage, sloReviewPage } from './pages';

/**
 * Lambda Ops for the new frontend system.
 *
 * @alpha
 */
export const lambdaOpsPlugin = createFrontendPlugin({
  pluginId: 'lambda-ops',
  title: 'Lambda Ops',
  extensions: [
    lambdaOpsApi,
    entityLambdaOpsContent,
    entityLambdaOpsCard,
    onCallPage,
    coveragePage,
    sloReviewPage,
    entityOnCallCard,
    entityCoverageCard,
    homePageOnCallWidget,
  ],
});
