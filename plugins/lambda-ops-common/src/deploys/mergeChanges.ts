import type { DeployMarker } from '../types';

/**
 * Without a commit to compare, a CI deploy and an AWS deployment event this close
 * together are taken for one change.
 */
export const SAME_CHANGE_WINDOW_MS = 2 * 60_000;

const COMMIT = /\b[0-9a-f]{7,40}\b/gi;

/**
 * Whether an AWS change event describes the deploy a CI marker recorded: the same commit
 * when the event names one, else the same moment.
 */
function describesSameDeploy(ci: DeployMarker, aws: DeployMarker): boolean {
  if (aws.changeType !== 'deployment' || ci.changeType !== 'deployment') {
    return false;
  }
  const commits = aws.changeSummary.match(COMMIT) ?? [];
  if (commits.length > 0) {
    const sha = ci.gitSha?.toLowerCase();
    return Boolean(
      sha &&
        commits.some(commit => {
          const named = commit.toLowerCase();
          return sha.startsWith(named) || named.startsWith(sha);
        }),
    );
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
