export { FleetState, SnapshotAge } from './FleetState';
export type { FleetRequest } from './FleetState';
