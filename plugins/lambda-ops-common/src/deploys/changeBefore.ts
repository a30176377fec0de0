import type { DeployBeforeBurn, DeployMarker } from '../types';

const MINUTE_MS = 60_000;

/**
 * How long before an alarm or a burn a change still counts as its likely cause: runbook
 * part A.1, "was there a deploy in the last 60 minutes?".
 *
 * @public
 */
export const CHANGE_LOOKBACK_MINUTES = 60;

/** A change shortly before a moment, and how many whole minutes before. @public */
export interface ChangeBefore {
  change: DeployMarker;
  minutes: number;
}

/** Whole minutes from one moment to a later one; 0 when it is not later. @public */
export function minutesBetween(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / MINUTE_MS));
}

/**
 * The latest change in the {@link CHANGE_LOOKBACK_MINUTES} up to `at` (epoch ms), of the
 * given type when one is given; undefined when there is none. A timestamp that does not
 * parse never counts.
 *
 * @public
 */
export function changeBefore(
  changes: readonly DeployMarker[],
  at: number,
  changeType?: DeployMarker['changeType'],
): ChangeBefore | undefined {
  let latest: { change: DeployMarker; ts: number } | undefined;
  for (const change of changes) {
    const ts = Date.parse(change.ts);
    if (
      ts <= at &&
      ts >= at - CHANGE_LOOKBACK_MINUTES * MINUTE_MS &&
      (changeType === undefined || change.changeType === changeType) &&
      (latest === undefined || ts > latest.ts)
    ) {
      latest = { change, ts };
    }
  }
  return (
    latest && { change: latest.change, minutes: minutesBetween(latest.ts, at) }
  );
}

/**
 * The deployment before an SLO's burn, its likely cause: the latest in the hour before
 * `burningSince`. Configuration changes are left out, as rolling the alias back does not
 * undo them. Null without a burn or such a deployment.
 *
 * @public
 */
export function deployBeforeBurn(
  changes: readonly DeployMarker[],
  burningSince: string | null,
): DeployBeforeBurn | null {
  const burn = burningSince === null ? NaN : Date.parse(burningSince);
  if (!Number.isFinite(burn)) {
    return null;
  }
  const found = changeBefore(changes, burn, 'deployment');
  return found
    ? {
        deployMarkerId: found.change.id,
        changeSummary: found.change.changeSummary,
        minutes: found.minutes,
      }
    : null;
}
