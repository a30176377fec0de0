import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { lambdaOpsDeployMarkerCreatePermission } from '@lambda-ops/backstage-plugin-common';

/** The group whose members may record deploy markers by hand. */
export const RELEASE_GROUP = 'group:default/release-managers';

/**
 * The demo portal's permission policy. Deploy markers drive the rollback hint, so only
 * CI and the release group record them: service principals such as CI's token are not
 * asked here (Backstage allows them), users need to belong to the release group. Everything else is allowed, so everyone reads
 * what the catalog holds.
 */
export class LambdaOpsDemoPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      isPermission(request.permission, lambdaOpsDeployMarkerCreatePermission)
    ) {
      return {
        result: user?.info.ownershipEntityRefs.includes(RELEASE_GROUP)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link LambdaOpsDemoPolicy} as the permission backend's policy. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'lambda-ops-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new LambdaOpsDemoPolicy());
      },
    });
  },
});
