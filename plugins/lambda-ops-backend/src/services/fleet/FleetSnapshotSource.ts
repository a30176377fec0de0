import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { FleetEntitySnapshot } from '@lambda-ops/backstage-plugin-common';
import { fleetSnapshotStoreServiceRef } from './FleetSnapshotStore';

/**
 * The collector's last snapshot of the fleet, as the fleet views read it.
 *
 * @public
 */
export interface FleetSnapshot {
  /** When the data was collected; null until the first refresh ends. */
  snapshotAt: string | null;
  /** True when the last refresh failed and these are the figures of the one before. */
  stale: boolean;
  /** Why the last refresh failed; null or absent when it did not. */
  staleReason?: string | null;
  entities: FleetEntitySnapshot[];
}

/**
 * Where the fleet views read the snapshot from: the store the collector writes.
 *
 * @public
 */
export interface FleetSnapshotSource {
  readSnapshot(): Promise<FleetSnapshot>;
  /**
   * When the last snapshot was collected and whether it is stale, without its entities:
   * lets the views reuse what they built from a snapshot until the next refresh. Without
   * it, every request reads the whole snapshot.
   */
  readSnapshotState?(): Promise<Omit<FleetSnapshot, 'entities'>>;
}

/**
 * The fleet snapshot the views read: by default the store the collector refreshes;
 * replace it to serve them from another store.
 *
 * @public
 */
export const fleetSnapshotSourceServiceRef =
  createServiceRef<FleetSnapshotSource>({
    id: 'lambda-ops.fleet-snapshot-source',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { store: fleetSnapshotStoreServiceRef },
        factory: ({ store }) => store,
      }),
  });
