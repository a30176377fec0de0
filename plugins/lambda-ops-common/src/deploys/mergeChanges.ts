import type { DeployMarker } from '../types';

/** A CI deploy and an AWS deployment event this close together are one change. */
export const SAME_CHANGE_WINDOW_MS = 5 * 60_000;

/** Whether an AWS change event describes the deploy a CI marker recorded. */
function describesSameDeploy(ci: DeployMarker, aws: DeployMarker): boolean {
  if (aws.changeType !== 'deployment' || ci.changeType !== 'deployment') {
    return false;
  }
  const sha = ci.gitSha?.slice(0, 7).toLowerCase();
  if (sha && aws.changeSummary.toLowerCase().includes(sha)) {
    return true;
  }
  return (
    Math.abs(Date.parse(ci.ts) - Date.parse(aws.ts)) <= SAME_CHANGE_WINDOW_MS
  );
}

/**
 * One timeline of a function's changes, newest first: CI deploy markers, and AWS change
 * events that no CI marker already describes (a CI marker says why; an event only what).
 *
 * @public
 */
export function mergeChanges(
  ciMarkers: readonly DeployMarker[],
  changeEvents: readonly DeployMarker[],
): DeployMarker[] {
  const unmatched = changeEvents.filter(
    event => !ciMarkers.some(marker => describesSameDeploy(marker, event)),
  );
  return [...ciMarkers, ...unmatched].sort((a, b) => b.ts.localeCompare(a.ts));
}
