import type {
  AwsFailureCause,
  StaleCause,
} from '@lambda-ops/backstage-plugin-common';

const CAUSE_WORDS: Record<AwsFailureCause, string> = {
  throttled: 'throttled',
  'timed-out': 'timed out',
  'access-denied': 'denied access',
  unavailable: 'unavailable',
  'incomplete-data': 'answered in part',
  failed: 'failed',
};

/**
 * Why a cached answer is served, as the tab's note says it: "data from 12 min ago —
 * CloudWatch throttled". The cause is the one most reads failed with.
 */
export function describeStaleness(
  minutesOld: number,
  failures: { service: string; cause: AwsFailureCause }[],
): StaleCause {
  const counts = new Map<AwsFailureCause, number>();
  for (const { cause } of failures) {
    counts.set(cause, (counts.get(cause) ?? 0) + 1);
  }
  const [cause] = [...counts].reduce((most, next) =>
    next[1] > most[1] ? next : most,
  );
  const what = [
    ...new Set(
      failures.map(
        failure => `${failure.service} ${CAUSE_WORDS[failure.cause]}`,
      ),
    ),
  ].join(', ');
  return {
    minutesOld,
    cause,
    message: `data from ${minutesOld} min ago — ${what}`,
  };
}
