import type { Alarm, AlarmDefect } from '../types';

/** What the ranking and the defects of an alarm are judged on. @public */
export type AlarmFacts = Pick<
  Alarm,
  'name' | 'state' | 'severity' | 'runbookUrl' | 'runbookProblem'
>;

/** 0: firing page, 1: firing ticket, 2: firing unclassified, 3: not firing. */
function alarmRank(alarm: AlarmFacts): number {
  if (alarm.state !== 'ALARM') {
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
