import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isLambdaOpsAvailable } from '@lambda-ops/backstage-plugin-common';

/**
 * The overview card of the entity page: worst SLO status, number of SLOs, least
 * error budget left and a link to the Operations tab. Like the tab, it appears only
 * on entities that name a Lambda function; `app.extensions` config can change the
 * filter or disable the card.
 *
 * @alpha
 */
export const entityLambdaOpsCard = EntityCardBlueprint.make({
  params: {
    filter: isLambdaOpsAvailable,
    loader: () =>
      import('../components/EntityLambdaOpsCard').then(m => (
        <m.EntityLambdaOpsCard />
      )),
  },
});
