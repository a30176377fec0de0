import type {
  DeployMarker,
  RollbackHint,
} from '@lambda-ops/backstage-plugin-common';

/**
 * Rules for deploy markers on the tab: where a change sits on the page, how it is
 * named, and whether it came just before a burn. Kept apart from the components so
 * they are plain functions to test.
 */

const MINUTE_MS = 60_000;

/**
 * How long before a burn a deploy still counts as its likely cause. Runbook part A.1
 * ("was there a deploy in the last 60 minutes?"), the same window the backend uses for
 * its triage and rollback hint.
 */
export const DEPLOY_LOOKBACK_MINUTES = 60;

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

/** A deploy that came shortly before a burn, and how many whole minutes before. */
export interface DeployBeforeBurn {
  marker: DeployMarker;
  minutes: number;
}

/**
 * The latest deployment in the {@link DEPLOY_LOOKBACK_MINUTES} before `burningSince`,
 * or null: none, or no burn. Configuration changes are left out, as in the backend's
 * rollback hint: rolling the alias back does not undo them. Minutes are whole minutes,
 * rounded down like the backend's messages ("deployed 0 min before the burn started").
 */
export function deployBeforeBurn(
  markers: DeployMarker[],
  burningSince: string | null,
): DeployBeforeBurn | null {
  const burn = burningSince === null ? NaN : Date.parse(burningSince);
  if (!Number.isFinite(burn)) {
    return null;
  }
  const lookback = DEPLOY_LOOKBACK_MINUTES * MINUTE_MS;
  const deploy = newestFirst(markers).find(marker => {
    const ms = timeOf(marker);
    return (
      marker.changeType === 'deployment' && ms <= burn && ms >= burn - lookback
    );
  });
  return deploy
    ? {
        marker: deploy,
        minutes: Math.floor((burn - timeOf(deploy)) / MINUTE_MS),
      }
    : null;
}

/** A word for a POSIX shell: as it is when plain, else single-quoted. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9._:/=@+-]+$/.test(value)
    ? value
    : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The AWS CLI command that points the alias back at the previous version, or null
 * when the hint names no alias or no version to go back to. The values are quoted
 * for the shell should they hold anything but the characters Lambda names allow.
 */
export function rollbackCommand(hint: RollbackHint): string | null {
  if (!hint.alias || !hint.toVersion) {
    return null;
  }
  return [
    'aws lambda update-alias',
    `--function-name ${shellWord(hint.functionName)}`,
    `--name ${shellWord(hint.alias)}`,
    `--function-version ${shellWord(hint.toVersion)}`,
  ].join(' ');
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
