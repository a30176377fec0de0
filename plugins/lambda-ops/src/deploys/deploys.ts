import type { DeployMarker } from '@lambda-ops/backstage-plugin-common';

/**
 * How deploy markers show on the tab: where a change sits on the page and how it is
 * named. Kept apart from the components so they are plain functions to test.
 */

/** A git sha as people quote it: the first 7 characters. */
export function shortSha(sha: string): string {
  return sha.trim().slice(0, 7);
}

/**
 * The HTML id of a change in the timeline, which the rollback banner links to. Marker
 * ids come from CI (`deploy_id`) or AWS and may hold any character, so every character
 * outside `[A-Za-z0-9-]` is escaped (`_` + its code in hex): two ids never share a DOM
 * id, and the result is safe in a URL fragment and a CSS selector.
 */
export function changeDomId(markerId: string): string {
  const escaped = Array.from(markerId, char =>
    /[A-Za-z0-9-]/.test(char) ? char : `_${char.codePointAt(0)!.toString(16)}_`,
  ).join('');
  return `lambda-ops-change-${escaped}`;
}

function timeOf(marker: DeployMarker): number {
  const ms = Date.parse(marker.ts);
  return Number.isFinite(ms) ? ms : -Infinity;
}

/** Newest first, as the contract sends them; a timestamp that does not parse goes last. */
export function newestFirst(markers: DeployMarker[]): DeployMarker[] {
  return markers
    .map((marker, index) => ({ marker, index, ms: timeOf(marker) }))
    .sort((a, b) => b.ms - a.ms || a.index - b.index)
    .map(({ marker }) => marker);
}

const momentFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/**
 * A moment to the minute, in UTC like the chart's dates: "Nov 29, 11:20 UTC". A
 * timestamp that does not parse is shown as sent.
 */
export function formatMoment(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? `${momentFormat.format(ms)} UTC` : iso;
}

/** "Deploy" or "Configuration", as the timeline's chip says. */
export function changeTypeLabel(marker: DeployMarker): string {
  return marker.changeType === 'configuration' ? 'Configuration' : 'Deploy';
}

/**
 * What a change is called on the charts: "Deploy: checkout-api v42 at Nov 29, 11:20
 * UTC", or "Configuration change: …" for a configuration change, which is not a
 * deploy.
 */
export function changeMarkTitle(marker: DeployMarker): string {
  const kind =
    marker.changeType === 'configuration' ? 'Configuration change' : 'Deploy';
  return `${kind}: ${marker.changeSummary} at ${formatMoment(marker.ts)}`;
}

/** "Burn started at Nov 29, 11:20 UTC". */
export function burnStartTitle(burningSince: string): string {
  return `Burn started at ${formatMoment(burningSince)}`;
}
