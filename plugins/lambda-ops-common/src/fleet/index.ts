export type {
  FleetEntitySnapshot,
  RunbookReachability,
} from './FleetEntitySnapshot';
