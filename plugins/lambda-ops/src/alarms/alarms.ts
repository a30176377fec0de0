import type { Alarm } from '@lambda-ops/backstage-plugin-common';
import { isHttpUrl } from '../runbook/urls';

const MINUTE_MS = 60_000;

/**
 * How long ago a moment was, for people under pressure: "just now", "35 min ago",
 * "3 h ago", "2 days ago". Rounded to the nearest unit; a moment in the future
 * (clock skew) reads "just now".
 */
export function formatSince(iso: string, now: number = Date.now()): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) {
    return iso;
  }
  const minutes = Math.round((now - ms) / MINUTE_MS);
  if (minutes < 1) {
    return 'just now';
  }
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.round(minutes / 60);
  if (hours < 48) {
    return `${hours} h ago`;
  }
  const days = Math.round(hours / 24);
  return `${days} days ago`;
}

/**
 * Whether a metric alarm watches a metric-math expression rather than one metric.
 * The contract sends the metric name (`Errors`, `memory_utilization`) or a short
 * form of the expression (`100*e/i`, or its label `Error rate (%)`); a metric name
 * has no spaces, operators or parentheses.
 */
export function isMetricMath(alarm: Alarm): boolean {
  return (
    alarm.type === 'metric' &&
    alarm.metric !== null &&
    /[\s()*+/]/.test(alarm.metric)
  );
}

/** Whether the alarm has a runbook link the tab may render as a link. */
export function hasUsableRunbook(alarm: Alarm): boolean {
  return isHttpUrl(alarm.runbookUrl);
}

/** What makes an alarm noise, each shown as a defect in the table. */
export function alarmDefects(alarm: Alarm): string[] {
  const defects: string[] = [];
  if (alarm.severity === 'unclassified') {
    defects.push('unclassified');
  }
  if (!hasUsableRunbook(alarm)) {
    defects.push('no-runbook');
  } else if (alarm.runbookProblem) {
    defects.push('runbook-problem');
  }
  return defects;
}

/** The figures of the line above the alarms table. */
export interface AlarmCounts {
  firing: number;
  /** Firing alarms that page. */
  pages: number;
  /** Firing alarms that open a ticket. */
  tickets: number;
  /** Defects over all alarms: unclassified, without runbook, or a broken runbook link. */
  defects: number;
}

export function countAlarms(alarms: Alarm[]): AlarmCounts {
  const firing = alarms.filter(alarm => alarm.state === 'ALARM');
  return {
    firing: firing.length,
    pages: firing.filter(alarm => alarm.severity === 'page').length,
    tickets: firing.filter(alarm => alarm.severity === 'ticket').length,
    defects: alarms.reduce((sum, alarm) => sum + alarmDefects(alarm).length, 0),
  };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "2 firing · 1 Page · 1 Ticket · 2 defects": Pages and Tickets count firing alarms. */
export function formatAlarmCounts(counts: AlarmCounts): string {
  return [
    `${counts.firing} firing`,
    plural(counts.pages, 'Page', 'Pages'),
    plural(counts.tickets, 'Ticket', 'Tickets'),
    plural(counts.defects, 'defect', 'defects'),
  ].join(' · ');
}
