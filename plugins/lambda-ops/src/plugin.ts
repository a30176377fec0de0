import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { LambdaOpsClient, lambdaOpsApiRef } from './api';
import { EntityLambdaOpsContent as OperationsTabContent } from './components/EntityLambdaOpsContent';

/**
 * Lambda Ops for the legacy frontend system. For the new frontend system use
 * the default export of `@lambda-ops/backstage-plugin/alpha`.
 *
 * @public
 */
export const lambdaOpsPlugin = createPlugin({
  id: 'lambda-ops',
  apis: [
    createApiFactory({
      api: lambdaOpsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new LambdaOpsClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The Operations tab content, for an `EntityLayout.Route` of the entity page:
 *
 * ```tsx
 * <EntityLayout.Route path="/operations" title="Operations" if={isLambdaOpsAvailable}>
 *   <EntityLambdaOpsContent />
 * </EntityLayout.Route>
 * ```
 *
 * Its first part is small and loaded with the plugin, so the tab asks the backend for
 * its data as it opens; the rest of its code loads in the meantime.
 *
 * @public
 */
export const EntityLambdaOpsContent = lambdaOpsPlugin.provide(
  createComponentExtension({
    name: 'EntityLambdaOpsContent',
    component: { sync: OperationsTabContent },
  }),
);

/**
 * The overview card: the worst SLO status, the number of SLOs and the least error
 * budget left, with a link to the Operations tab. For the overview grid of the entity
 * page:
 *
 * ```tsx
 * <EntitySwitch>
 *   <EntitySwitch.Case if={isLambdaOpsAvailable}>
 *     <Grid item md={6}>
 *       <EntityLambdaOpsCard />
 *     </Grid>
 *   </EntitySwitch.Case>
 * </EntitySwitch>
 * ```
 *
 * @public
 */
export const EntityLambdaOpsCard = lambdaOpsPlugin.provide(
  createComponentExtension({
    name: 'EntityLambdaOpsCard',
    component: {
      lazy: () =>
        import('./components/EntityLambdaOpsCard').then(
          m => m.EntityLambdaOpsCard,
        ),
    },
  }),
);
