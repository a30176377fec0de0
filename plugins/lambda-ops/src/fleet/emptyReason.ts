import type { OnCallResponse } from '@lambda-ops/backstage-plugin-common';

/** Why a fleet view has no rows before the collector's first refresh ends. */
export const NO_SNAPSHOT_REASON =
  'No data yet: the collector has not finished its first refresh. The view fills in once it has (schedule: lambdaOps.collector.schedule).';

/** Who the owners are, in words: `group:default/payments and user:default/guest`. */
function ownerList(owners: string[]): string {
  return owners.length <= 1
    ? owners.join('')
    : `${owners.slice(0, -1).join(', ')} and ${owners[owners.length - 1]}`;
}

/**
 * Why the on-call view has no rows, from what the reply says: no snapshot yet, no
 * owners to answer for (a user in no group), or owners with nothing the caller may
 * read. Undefined when there are rows.
 */
export function onCallEmptyReason(reply: OnCallResponse): string | undefined {
  if (reply.rows.length > 0) {
    return undefined;
  }
  if (reply.snapshotAt === null) {
    return NO_SNAPSHOT_REASON;
  }
  if (reply.owners.length === 0) {
    return 'You belong to no group, so there is nothing to be on call for: choose an owner.';
  }
  return `${ownerList(
    reply.owners,
  )} own no Lambda-backed entities that you may read.`;
}
