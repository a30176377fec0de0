import type { FleetEntitySnapshot } from './FleetEntitySnapshot';
import { entityFleetStatus } from './onCall';

/**
 * The entities whose status a refresh changed, new entities included: their Operations
 * tabs show something else now.
 *
 * @param previous - the snapshot before the refresh
 * @param current - the snapshot after it
 * @public
 */
export function entitiesWithChangedStatus(
  previous: readonly FleetEntitySnapshot[],
  current: readonly FleetEntitySnapshot[],
): string[] {
  const before = new Map(
    previous.map(snapshot => [snapshot.entityRef, entityFleetStatus(snapshot)]),
  );
  return current
    .filter(
      snapshot =>
        before.get(snapshot.entityRef) !== entityFleetStatus(snapshot),
    )
    .map(snapshot => snapshot.entityRef);
}
