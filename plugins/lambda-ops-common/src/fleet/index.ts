export type {
  FleetEntitySnapshot,
  RunbookReachability,
} from './FleetEntitySnapshot';
export * from './fleetStatus';
export * from './onCall';
export * from './filterOnCallRows';
export * from './coverage';
export * from './coverageCsv';
export * from './csv';
export { coverageAlarmCounts } from './coverageAlarmCounts';
export * from './statusChanges';
