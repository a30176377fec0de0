import { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  FleetEntitySnapshot,
  FleetStatus,
  parseLambdaOpsAnnotations,
} from '@lambda-ops/backstage-plugin-common';

/** An entity of the catalog with its parsed annotations. @public */
export interface CollectedEntity {
  /**
   * The fields of the entity a refresh reads: `kind`, `metadata.name`,
   * `metadata.namespace`, `metadata.title`, `metadata.annotations` and `spec.owner`.
   */
  entity: Entity;
  entityRef: string;
  settings: ReturnType<typeof parseLambdaOpsAnnotations>;
}

/**
 * A refresh that replaced the snapshot: the entities' statuses before it, and the
 * entities after it.
 *
 * @public
 */
export interface FleetRefreshedEvent {
  snapshotAt: Date;
  /**
   * Each entity's status in the snapshot before, by entity ref: the snapshots themselves
   * are not read again, for a fleet's would hold the backend's memory during the refresh.
   */
  previousStatuses: ReadonlyMap<string, FleetStatus>;
  current: readonly FleetEntitySnapshot[];
  /** The catalog entities refreshed, in the order of `current`. */
  collected: readonly CollectedEntity[];
}

/**
 * Something that acts on what a fleet refresh saw, such as owner notifications or the
 * Operations tab's live updates.
 *
 * @public
 */
export interface FleetRefreshListener {
  /** Called after each refresh that replaced the snapshot. */
  onFleetRefreshed(event: FleetRefreshedEvent): Promise<void>;
}

/**
 * Tells each listener about a refresh, one after another. A listener that fails is
 * logged and the others still run: the snapshot is stored either way.
 */
export async function tellFleetRefreshListeners(
  listeners: readonly FleetRefreshListener[],
  event: FleetRefreshedEvent,
  logger: LoggerService,
): Promise<void> {
  for (const listener of listeners) {
    try {
      await listener.onFleetRefreshed(event);
    } catch (error) {
      logger.warn(
        `After the fleet refresh, ${listener.constructor.name} failed: ${
          (error as Error).message
        }`,
      );
    }
  }
}
