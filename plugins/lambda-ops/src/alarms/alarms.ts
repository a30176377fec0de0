import type { AlarmCounts } from '@lambda-ops/backstage-plugin-common';

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
