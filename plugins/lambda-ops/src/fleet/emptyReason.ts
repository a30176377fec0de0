import type {
  CoverageResponse,
  OnCallResponse,
} from '@lambda-ops/backstage-plugin-common';

/**
 * A fleet view reply with the backend's own words for an empty view: why there are no
 * rows and what to do (no refresh yet, a user in no group, an owner that owns no
 * Lambda-backed entity); null when there are rows.
 */
export type OnCallReply = OnCallResponse & { emptyReason?: string | null };

/** The coverage reply, with the backend's reason for an empty scorecard. */
export type CoverageReply = CoverageResponse & { emptyReason?: string | null };

/** Said only when an empty reply carries no reason of its own. */
const NOTHING_TO_SHOW = 'No Lambda-backed services to show.';

/**
 * Why a fleet view shows no rows, as the reply says it; undefined when it has rows.
 * The frontend never works the reason out itself: the backend knows the owners,
 * the caller's groups and the snapshot.
 */
export function emptyReasonOf(
  reply: OnCallReply | CoverageReply,
  rowCount: number,
): string | undefined {
  if (rowCount > 0) {
    return undefined;
  }
  return reply.emptyReason ?? NOTHING_TO_SHOW;
}
