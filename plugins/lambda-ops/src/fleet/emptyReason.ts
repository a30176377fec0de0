import type {
  CoverageResponse,
  OnCallResponse,
  SloReviewResponse,
} from '@lambda-ops/backstage-plugin-common';

/** Said only when an empty reply carries no reason of its own. */
const NOTHING_TO_SHOW = 'No Lambda-backed services to show.';

/**
 * Why a fleet view shows no rows, as the reply says it; undefined when it has rows.
 * The frontend never works the reason out itself: the backend knows the owners,
 * the caller's groups and the snapshot.
 */
export function emptyReasonOf(
  reply: OnCallResponse | CoverageResponse | SloReviewResponse,
  rowCount: number,
): string | undefined {
  if (rowCount > 0) {
    return undefined;
  }
  return reply.emptyReason ?? NOTHING_TO_SHOW;
}
