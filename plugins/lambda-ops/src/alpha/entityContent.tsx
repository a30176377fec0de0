import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isLambdaOpsAvailable } from '@lambda-ops/backstage-plugin-common';

/**
 * The Operations tab of the entity page. It appears only on entities that name a
 * Lambda function (`aws.com/lambda-function-name` or
 * `aws.amazon.com/lambda-function-arn`). The filter is the same predicate the
 * backend and the legacy `EntityLayout.Route` use; `app.extensions` config can
 * still replace it with a filter of its own.
 *
 * @alpha
 */
export const entityLambdaOpsContent = EntityContentBlueprint.make({
  params: {
    path: '/operations',
    title: 'Operations',
    filter: isLambdaOpsAvailable,
    loader: () =>
      import('../components/EntityLambdaOpsContent').then(m => (
        <m.EntityLambdaOpsContent />
      )),
  },
});
