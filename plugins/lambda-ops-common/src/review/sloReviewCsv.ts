import { toCsv } from '../fleet/csv';
import type { SloReviewRow } from '../types';

/**
 * The review as CSV: one line per entity, SLO and month, with the verdict, the figures,
 * and for a missed month its deploys and its incidents (start, end or "ongoing",
 * alarm, runbook).
 *
 * @public
 */
export function sloReviewToCsv(rows: readonly SloReviewRow[]): string {
  return toCsv(
    [
      'entityRef',
      'owner',
      'sloId',
      'objective',
      'target',
      'month',
      'verdict',
      'attainment',
      'budgetConsumed',
      'deploys',
      'incidents',
    ],
    rows.flatMap(row =>
      row.months.map(month => [
        row.entityRef,
        row.owner,
        row.sloId,
        row.objective,
        row.target,
        month.month,
        month.verdict,
        month.attainment,
        month.budgetConsumed,
        month.deploys
          .map(deploy => `${deploy.ts} ${deploy.changeSummary}`)
          .join('; '),
        month.incidents
          .map(
            incident =>
              `${incident.start} to ${incident.end ?? 'ongoing'} ${
                incident.alarmName
              } ${incident.runbookUrl ?? 'no runbook'}`,
          )
          .join('; '),
      ]),
    ),
  );
}
