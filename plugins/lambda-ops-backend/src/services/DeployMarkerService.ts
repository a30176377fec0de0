import {
  BackstageCredentials,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { DeployMarker } from '@lambda-ops/backstage-plugin-common';
import { DeployMarkerInput } from './deployMarkerInput';
import {
  DeployMarkerListOptions,
  DeployMarkerPage,
  DeployMarkerStore,
  deployMarkerStoreServiceRef,
} from './DeployMarkerStore';
import { EntityResolver, entityResolverServiceRef } from './EntityResolver';
import { OperationsService, operationsServiceRef } from './OperationsService';
import {
  EntitySignals,
  entitySignalsServiceRef,
} from './signals/EntitySignals';

/**
 * Deploy markers as the Operations tab sees them: a marker CI records shows on its
 * entity's tab at once, and an entity lists the markers of the functions it watches.
 *
 * @public
 */
export class DeployMarkerService {
  readonly #store: DeployMarkerStore;
  readonly #operations: Pick<OperationsService, 'forget'>;
  readonly #entities: Pick<EntityResolver, 'resolve'>;
  readonly #signals?: Pick<EntitySignals, 'changed'>;

  constructor(options: {
    store: DeployMarkerStore;
    operations: Pick<OperationsService, 'forget'>;
    entities: Pick<EntityResolver, 'resolve'>;
    /** Tells open Operations tabs of the marker's entity to load again. */
    signals?: Pick<EntitySignals, 'changed'>;
  }) {
    this.#store = options.store;
    this.#operations = options.operations;
    this.#entities = options.entities;
    this.#signals = options.signals;
  }

  /**
   * Stores a marker unless its `deploy_id` is stored already; a new marker that names its
   * entity drops that entity's cached tab and signals its open tabs, so the deploy shows
   * now, not after the TTL or a reload.
   *
   * @param input - the checked marker
   * @returns the stored marker, and whether this call stored it
   * @throws ConflictError when the deploy_id is stored with different content
   */
  async record(
    input: DeployMarkerInput,
  ): Promise<{ marker: DeployMarker; created: boolean }> {
    const recorded = await this.#store.record(input);
    if (recorded.created && input.service) {
      const entityRef = stringifyEntityRef(
        parseEntityRef(input.service, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      );
      await this.#operations.forget(entityRef);
      await this.#signals?.changed(entityRef, 'deploy-marker');
    }
    return recorded;
  }

  /**
   * The markers of the functions an entity watches, read with the caller's credentials.
   * A function watched through an alias sees only markers of the environment of that
   * name (PROD alias, env "prod").
   *
   * @param ref - the entity
   * @param query - time span, page size and cursor
   * @param credentials - the caller's, for reading the entity
   * @throws NotFoundError when the entity does not exist or the caller may not read it
   */
  async listForEntity(
    ref: CompoundEntityRef,
    query: DeployMarkerListOptions,
    credentials: BackstageCredentials,
  ): Promise<DeployMarkerPage> {
    const { settings } = await this.#entities.resolve(ref, credentials);
    return this.#store.listForFunctions(
      settings.functions.map(fn => ({ name: fn.name, env: fn.qualifier })),
      query,
    );
  }
}

/** @public */
export const deployMarkerServiceRef = createServiceRef<DeployMarkerService>({
  id: 'lambda-ops.deploy-marker-service',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        store: deployMarkerStoreServiceRef,
        operations: operationsServiceRef,
        entities: entityResolverServiceRef,
        signals: entitySignalsServiceRef,
      },
      factory: deps => new DeployMarkerService(deps),
    }),
});
