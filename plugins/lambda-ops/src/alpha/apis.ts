import { ApiBlueprint, coreApis } from '@backstage/frontend-plugin-api';
import { LambdaOpsClient, lambdaOpsApiRef } from '../api';

/**
 * The {@link LambdaOpsApi} implementation, talking to the `lambda-ops` backend.
 * `coreApis.discovery` and `coreApis.fetch` are the refs the legacy
 * `discoveryApiRef` and `fetchApiRef` point to (`core.discovery`, `core.fetch`),
 * under the names this version of the frontend system recommends.
 *
 * @alpha
 */
export const lambdaOpsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: lambdaOpsApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new LambdaOpsClient({ discoveryApi, fetchApi }),
    }),
});
