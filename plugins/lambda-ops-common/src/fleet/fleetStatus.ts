import type { Alarm, FleetStatus, SloStatus } from '../types';

/**
 * Fleet statuses from worst to best, the order an on-call engineer works in: someone is
 * paged, then a spent budget, then a warning. `unknown` (AWS data could not be read) ranks
 * above `no-data`: a service nobody can see may be burning, while one without traffic
 * says nothing is wrong. `no-data` still ranks above `ok`, as silence is no sign of health.
 *
 * @public
 */
export const FLEET_STATUSES_WORST_FIRST: readonly FleetStatus[] = [
  'page',
  'breached',
  'warning',
  'unknown',
  'no-data',
  'ok',
];

const RANK = new Map(FLEET_STATUSES_WORST_FIRST.map((s, rank) => [s, rank]));

/**
 * A status's place in {@link FLEET_STATUSES_WORST_FIRST}: 0 for `page`, 5 for `ok`.
 *
 * @public
 */
export function fleetStatusRank(status: FleetStatus): number {
  return RANK.get(status)!;
}

/**
 * The worst of some statuses; `no-data` for none, since nothing seen is no sign of health.
 *
 * @public
 */
export function worstFleetStatus(
  statuses: Iterable<FleetStatus | SloStatus>,
): FleetStatus {
  let worst: FleetStatus = 'no-data';
  let seen = false;
  for (const status of statuses) {
    if (!seen || fleetStatusRank(status) < fleetStatusRank(worst)) {
      worst = status;
      seen = true;
    }
  }
  return worst;
}

/**
 * What an alarm says about its entity: a page alarm in ALARM pages; any other alarm in
 * ALARM warns (a ticket, or an unclassified alarm, which is at most a ticket until someone
 * classifies it); an alarm in OK says the entity is ok. INSUFFICIENT_DATA says nothing: it
 * is the usual state of an alarm on a function without traffic.
 *
 * @public
 */
export function alarmFleetStatus(alarm: Alarm): FleetStatus | null {
  switch (alarm.state) {
    case 'ALARM':
      return alarm.severity === 'page' ? 'page' : 'warning';
    case 'OK':
      return 'ok';
    default:
      return null;
  }
}
