import type { FleetStatus } from '../types';
import type { FleetEntitySnapshot } from './FleetEntitySnapshot';
import { entityFleetStatus } from './onCall';

/**
 * The entities whose status a refresh changed, new entities included: their Operations
 * tabs show something else now.
 *
 * @param previousStatuses - each entity's status before the refresh, by entity ref
 * @param current - the snapshot after it
 * @public
 */
export function entitiesWithChangedStatus(
  previousStatuses: ReadonlyMap<string, FleetStatus>,
  current: readonly FleetEntitySnapshot[],
): string[] {
  return current
    .filter(
      snapshot =>
        previousStatuses.get(snapshot.entityRef) !==
        entityFleetStatus(snapshot),
    )
    .map(snapshot => snapshot.entityRef);
}
