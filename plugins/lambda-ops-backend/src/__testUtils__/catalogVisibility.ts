import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/**
 * A catalog that answers `getEntitiesByRefs` as a permission policy would: users may not
 * read the entities in `hiddenFromUsers`; service principals read everything it holds.
 */
export function catalogHidingFromUsers(options: {
  refs: Iterable<string>;
  hiddenFromUsers: Iterable<string>;
}) {
  const known = new Set(options.refs);
  const hidden = new Set(options.hiddenFromUsers);
  return catalogServiceMock.mock({
    async getEntitiesByRefs(request, requestOptions) {
      const { principal } = (
        requestOptions as { credentials: BackstageCredentials }
      ).credentials;
      const isUser = 'userEntityRef' in (principal as object);
      return {
        items: request.entityRefs.map(ref =>
          known.has(ref) && !(isUser && hidden.has(ref))
            ? ({ kind: ref.split(':')[0], metadata: { name: ref } } as Entity)
            : undefined,
        ),
      };
    },
  });
}

/** A user-info service giving each user the groups listed for them. */
export function userInfoWithGroups(groups: Record<string, string[]>) {
  return {
    async getUserInfo(credentials: BackstageCredentials) {
      const { userEntityRef } = (
        credentials as BackstageCredentials<{ userEntityRef: string }>
      ).principal;
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, ...(groups[userEntityRef] ?? [])],
      };
    },
  };
}
