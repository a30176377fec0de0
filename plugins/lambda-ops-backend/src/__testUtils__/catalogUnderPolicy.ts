import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
  permissionRules,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PermissionPolicy,
} from '@backstage/plugin-permission-node';

/**
 * A permission policy that lets each user read only the catalog entities owned by them
 * or their groups: a conditional decision on `catalog.entity.read`, as an adopter writes
 * it with the catalog's `IS_ENTITY_OWNER` rule.
 */
export const ownTeamsOnlyPolicy: PermissionPolicy = {
  async handle(request, user) {
    if (isResourcePermission(request.permission, 'catalog-entity')) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  },
};

/** The entity as the catalog's processing leaves it: its owner as an `ownedBy` relation. */
export function withOwnerRelation(entity: Entity): Entity {
  const owner = String(entity.spec?.owner);
  return {
    ...entity,
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

/**
 * The catalog as the catalog backend answers under `policy`: each read asks the policy
 * about `catalog.entity.read` for the calling user and applies the decision, conditions
 * included, to every entity with the catalog's own permission rules. Service principals
 * read everything, as the plugin's collector does.
 */
export function catalogUnderPolicy(options: {
  entities: Entity[];
  policy: PermissionPolicy;
}) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: { auth: coreServices.auth, userInfo: coreServices.userInfo },
    factory({ auth, userInfo }) {
      const all = catalogServiceMock({ entities: options.entities });
      const authorize = createConditionAuthorizer(
        Object.values(permissionRules),
      );
      const mayRead = async (
        credentials: BackstageCredentials,
      ): Promise<(entity: Entity | undefined) => boolean> => {
        if (!auth.isPrincipal(credentials, 'user')) {
          return entity => entity !== undefined;
        }
        const decision = await options.policy.handle(
          { permission: catalogEntityReadPermission },
          { credentials, info: await userInfo.getUserInfo(credentials) },
        );
        return entity => entity !== undefined && authorize(decision, entity);
      };
      const credentialsOf = (requestOptions: unknown) =>
        (requestOptions as { credentials: BackstageCredentials }).credentials;
      return {
        ...all,
        async getEntityByRef(ref, requestOptions) {
          const entity = await all.getEntityByRef(ref, requestOptions);
          const may = await mayRead(credentialsOf(requestOptions));
          return may(entity) ? entity : undefined;
        },
        // The policy is applied to whole entities, before the fields asked are selected.
        async getEntitiesByRefs(request, requestOptions) {
          const may = await mayRead(credentialsOf(requestOptions));
          const { items } = await all.getEntitiesByRefs(
            { entityRefs: request.entityRefs },
            requestOptions,
          );
          return { items: items.map(e => (may(e) ? e : undefined)) };
        },
        async getEntities(request, requestOptions) {
          const may = await mayRead(credentialsOf(requestOptions));
          const { items } = await all.getEntities(
            { ...request, fields: undefined },
            requestOptions,
          );
          return { items: items.filter(may) };
        },
      } as typeof all;
    },
  });
}
