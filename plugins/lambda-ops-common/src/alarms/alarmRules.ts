import type { Alarm, AlarmDefect } from '../types';

/** What the ranking and the defects of an alarm are judged on. @public */
export type AlarmFacts = Pick<
  Alarm,
  'name' | 'state' | 'severity' | 'runbookUrl' | 'runbookProblem'
>;

/**
 * Whether an alarm fires: in ALARM. INSUFFICIENT_DATA is not firing; it is the usual state
 * of an alarm on a function without traffic.
 *
 * @public
 */
export function isFiring(alarm: Pick<Alarm, 'state'>): boolean {
  return alarm.state === 'ALARM';
}

/**
 * Whether an alarm wakes someone: it fires and is classified Page.
 *
 * @public
 */
export function isFiringPage(
  alarm: Pick<Alarm, 'state' | 'severity'>,
): boolean {
  return isFiring(alarm) && alarm.severity === 'page';
}

/**
 * Whether an alarm fires and is classified Ticket: work for the day, not the night.
 *
 * @public
 */
export function isFiringTicket(
  alarm: Pick<Alarm, 'state' | 'severity'>,
): boolean {
  return isFiring(alarm) && alarm.severity === 'ticket';
}

/**
 * The figures of an entity's alarms at a glance: how many fire, how many of those page
 * and how many open a ticket, and the defects over all of them.
 *
 * @public
 */
export interface AlarmCounts {
  firing: number;
  /** Firing alarms that page. */
  pages: number;
  /** Firing alarms that open a ticket. */
  tickets: number;
  /** Defects over all alarms, firing or not. */
  defects: number;
}

/**
 * Counts alarms as the line above the alarms table reads them.
 *
 * @public
 */
export function countAlarms(
  alarms: readonly Pick<Alarm, 'state' | 'severity' | 'defects'>[],
): AlarmCounts {
  return {
    firing: alarms.filter(isFiring).length,
    pages: alarms.filter(isFiringPage).length,
    tickets: alarms.filter(isFiringTicket).length,
    defects: alarms.reduce((sum, alarm) => sum + alarm.defects.length, 0),
  };
}

/** 0: firing page, 1: firing ticket, 2: firing unclassified, 3: not firing. */
function alarmRank(alarm: AlarmFacts): number {
  if (!isFiring(alarm)) {
    return 3;
  }
  return { page: 0, ticket: 1, unclassified: 2 }[alarm.severity];
}

/**
 * The order on-call reads alarms in: firing pages first, then firing tickets, then firing
 * unclassified alarms, then the rest; by name within each group. For `Array.sort`.
 *
 * @public
 */
export function compareAlarms(a: AlarmFacts, b: AlarmFacts): number {
  const byRank = alarmRank(a) - alarmRank(b);
  if (byRank !== 0) {
    return byRank;
  }
  if (a.name === b.name) {
    return 0;
  }
  return a.name < b.name ? -1 : 1;
}

/**
 * What makes an alarm noise: neither Page nor Ticket, no runbook, or a runbook link to a
 * section the runbook does not have ("every alarm has exactly one runbook").
 *
 * @public
 */
export function alarmDefects(alarm: AlarmFacts): AlarmDefect[] {
  const defects: AlarmDefect[] = [];
  if (alarm.severity === 'unclassified') {
    defects.push('unclassified');
  }
  if (alarm.runbookUrl === null) {
    defects.push('no-runbook');
  } else if (alarm.runbookProblem) {
    defects.push('runbook-problem');
  }
  return defects;
}
