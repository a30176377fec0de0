import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { FleetEntitySnapshot } from '@lambda-ops/backstage-plugin-common';

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
  entities: FleetEntitySnapshot[];
}

/**
 * Where the fleet views read the snapshot from: the store the collector writes.
 *
 * @public
 */
export interface FleetSnapshotSource {
  readSnapshot(): Promise<FleetSnapshot>;
}

/**
 * The source until a collector writes snapshots: no refresh has ended, so the views
 * answer with no rows and `snapshotAt: null`, as they do before a first refresh.
 */
const noSnapshotYet: FleetSnapshotSource = {
  async readSnapshot() {
    return { snapshotAt: null, stale: false, entities: [] };
  },
};

/**
 * The fleet snapshot the views read; replace it to serve them from another store.
 *
 * @public
 */
export const fleetSnapshotSourceServiceRef =
  createServiceRef<FleetSnapshotSource>({
    id: 'lambda-ops.fleet-snapshot-source',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => noSnapshotYet,
      }),
  });
