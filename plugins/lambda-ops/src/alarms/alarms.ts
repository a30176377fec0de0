import type { Alarm } from '@lambda-ops/backstage-plugin-common';

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

/** The figures of the line above the alarms table. */
export interface AlarmCounts {
  firing: number;
  /** Firing alarms that page. */
  pages: number;
  /** Firing alarms that open a ticket. */
  tickets: number;
  /** Defects over all alarms, as the backend found them. */
  defects: number;
}

export function countAlarms(alarms: Alarm[]): AlarmCounts {
  const firing = alarms.filter(alarm => alarm.state === 'ALARM');
  return {
    firing: firing.length,
    pages: firing.filter(alarm => alarm.severity === 'page').length,
    tickets: firing.filter(alarm => alarm.severity === 'ticket').length,
    defects: alarms.reduce((sum, alarm) => sum + alarm.defects.length, 0),
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
