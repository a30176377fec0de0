import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { LambdaOpsClient, lambdaOpsApiRef } from './api';

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
 * @public
 */
export const EntityLambdaOpsContent = lambdaOpsPlugin.provide(
  createComponentExtension({
    name: 'EntityLambdaOpsContent',
    component: {
      lazy: () =>
        import('./components/EntityLambdaOpsContent').then(
          m => m.EntityLambdaOpsContent,
        ),
    },
  }),
);
