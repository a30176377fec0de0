import type { FleetEntitySnapshot } from '@lambda-ops/backstage-plugin-common';
import type {
  FleetSnapshot,
  FleetSnapshotSource,
} from '../services/fleet/FleetSnapshotSource';

/** The collector's record of an entity without SLOs or alarms, with the fields given. */
export function fleetEntity(
  entityRef: string,
  owner: string,
  fields: Partial<FleetEntitySnapshot> = {},
): FleetEntitySnapshot {
  return {
    entityRef,
    owner,
    title: entityRef.split('/')[1],
    collectedAt: '2026-11-29T11:55:00Z',
    unavailableReason: null,
    pattern: 'api',
    slos: [],
    alarms: [],
    alarmRunbooks: [],
    runbook: null,
    lastDeploy: null,
    rollback: null,
    problems: [],
    ...fields,
  };
}

/** A snapshot source holding the entities given, as the collector's store would. */
export function inMemorySnapshotSource(
  entities: FleetEntitySnapshot[],
  options: Partial<Omit<FleetSnapshot, 'entities'>> = {},
): FleetSnapshotSource {
  const snapshotAt =
    options.snapshotAt === undefined
      ? '2026-11-29T11:55:00Z'
      : options.snapshotAt;
  return {
    async readSnapshot() {
      return {
        snapshotAt,
        stale: options.stale ?? false,
        staleReason: options.staleReason ?? null,
        entities,
      };
    },
  };
}
