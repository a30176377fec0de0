import type { CoverageAlarmCounts } from '../types';
import type { FleetEntitySnapshot } from './FleetEntitySnapshot';

/**
 * The alarm figures of the coverage scorecard for one entity. An alarm counts as without a
 * runbook when it links none, when the collector could not read the page it links (or never
 * looked at it), or when the page lacks the section the link points to: on call, each of
 * these leaves the engineer without instructions.
 *
 * @public
 */
export function coverageAlarmCounts(
  snapshot: Pick<FleetEntitySnapshot, 'alarms' | 'alarmRunbooks'>,
): CoverageAlarmCounts {
  const readableUrls = new Set(
    snapshot.alarmRunbooks.filter(link => link.readable).map(link => link.url),
  );
  const { alarms } = snapshot;
  return {
    total: alarms.length,
    withoutRunbook: alarms.filter(
      alarm =>
        alarm.runbookUrl === null ||
        alarm.runbookProblem !== null ||
        !readableUrls.has(alarm.runbookUrl),
    ).length,
    unclassified: alarms.filter(alarm => alarm.severity === 'unclassified')
      .length,
    page: alarms.filter(alarm => alarm.severity === 'page').length,
  };
}
