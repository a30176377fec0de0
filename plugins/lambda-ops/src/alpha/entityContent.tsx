import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isLambdaOpsAvailable } from '@lambda-ops/backstage-plugin-common';
import { EntityLambdaOpsContent } from '../components/EntityLambdaOpsContent';

/**
 * The Operations tab of the entity page. It appears only on entities that name a
 * Lambda function (`aws.com/lambda-function-name` or
 * `aws.amazon.com/lambda-function-arn`). The filter is the same predicate the
 * backend and the legacy `EntityLayout.Route` use; `app.extensions` config can
 * still replace it with a filter of its own.
 *
 * The loader hands over the tab's small first part at once, which asks the backend
 * for the data as the tab opens; the rest of the tab's code loads in the meantime.
 *
 * @alpha
 */
export const entityLambdaOpsContent = EntityContentBlueprint.make({
  params: {
    path: '/operations',
    title: 'Operations',
    filter: isLambdaOpsAvailable,
    loader: async () => <EntityLambdaOpsContent />,
  },
});
