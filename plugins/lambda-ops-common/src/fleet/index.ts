export type {
  FleetEntitySnapshot,
  RunbookReachability,
} from './FleetEntitySnapshot';
export { coverageAlarmCounts } from './coverageAlarmCounts';
