import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { lambdaOpsDeployMarkerCreatePermission } from '@lambda-ops/backstage-plugin-common';
import { LambdaOpsDemoPolicy, RELEASE_GROUP } from './permissionPolicy';

function user(ownershipEntityRefs: string[]): PolicyQueryUser {
  return {
    credentials: {} as PolicyQueryUser['credentials'],
    info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
  };
}

const catalogRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

describe('the demo permission policy', () => {
  const policy = new LambdaOpsDemoPolicy();

  it.each([
    [
      'a member of the release group',
      AuthorizeResult.ALLOW,
      user(['user:default/rin', RELEASE_GROUP]),
    ],
    [
      'a guest on call for payments',
      AuthorizeResult.DENY,
      user(['user:development/guest', 'group:default/payments']),
    ],
    ['a request without a user', AuthorizeResult.DENY, undefined],
  ])(
    'answers %s with %s to recording a deploy marker',
    async (_, result, who) => {
      expect(
        await policy.handle(
          { permission: lambdaOpsDeployMarkerCreatePermission },
          who,
        ),
      ).toEqual({ result });
    },
  );

  it('lets everyone read the catalog', async () => {
    expect(
      await policy.handle(
        { permission: catalogRead },
        user(['user:development/guest']),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
