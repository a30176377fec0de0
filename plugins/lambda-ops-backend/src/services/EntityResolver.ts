import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  catalogServiceRef,
  CatalogService,
} from '@backstage/plugin-catalog-node';
import {
  LambdaOpsDefaults,
  LambdaOpsEntitySettings,
  parseLambdaOpsAnnotations,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../config';
import {
  ExclusionWindowsFileReader,
  exclusionWindowsFileReaderServiceRef,
} from './exclusions/ExclusionWindowsFileReader';

/** An entity the caller may read, with its operations settings. */
export interface ResolvedEntity {
  entityRef: string;
  entity: Entity;
  settings: LambdaOpsEntitySettings;
}

/**
 * Turns an entity reference into the functions and SLO settings it declares (with the
 * maintenance windows of the file it may name). The entity
 * is read with the caller's credentials, so the catalog's permission rules decide who
 * sees what: an entity the caller may not read is as unknown as one that does not exist.
 *
 * @public
 */
export class EntityResolver {
  readonly #catalog: CatalogService;
  readonly #defaults: LambdaOpsDefaults;
  readonly #exclusionFiles: ExclusionWindowsFileReader;

  constructor(options: {
    catalog: CatalogService;
    defaults: LambdaOpsDefaults;
    exclusionFiles: ExclusionWindowsFileReader;
  }) {
    this.#catalog = options.catalog;
    this.#defaults = options.defaults;
    this.#exclusionFiles = options.exclusionFiles;
  }

  async resolve(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<ResolvedEntity> {
    const entityRef = stringifyEntityRef(ref);
    const entity = await this.#catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${entityRef} in the catalog, or you may not read it`,
      );
    }
    return {
      entityRef,
      entity,
      settings: await this.#exclusionFiles.withFileWindows(
        entity,
        parseLambdaOpsAnnotations(entity, this.#defaults),
      ),
    };
  }
}

/** @public */
export const entityResolverServiceRef = createServiceRef<EntityResolver>({
  id: 'lambda-ops.entity-resolver',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        exclusionFiles: exclusionWindowsFileReaderServiceRef,
      },
      factory: ({ config, catalog, exclusionFiles }) =>
        new EntityResolver({
          catalog,
          defaults: readLambdaOpsConfig(config).defaults,
          exclusionFiles,
        }),
    }),
});
