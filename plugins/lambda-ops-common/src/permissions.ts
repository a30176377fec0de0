import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Allows recording a deploy marker (`POST /v1/deploy-markers`). A user needs it granted by
 * the permission policy; a service principal (an external access token for CI) is decided
 * by its access restrictions, so a token restricted to other permissions is refused too.
 *
 * @public
 */
export const lambdaOpsDeployMarkerCreatePermission = createPermission({
  name: 'lambda-ops.deploy-marker.create',
  attributes: { action: 'create' },
});

/**
 * Every permission of Lambda Ops, for the permissions registry and for policies.
 *
 * @public
 */
export const lambdaOpsPermissions = [lambdaOpsDeployMarkerCreatePermission];
