import type {
  SloObjective,
  SloReviewDeploy,
  SloReviewIncident,
  SloReviewRow,
} from '../types';
import type { CalendarMonth } from './calendarMonths';
import { incidentsOverlapping } from './pageIncidents';
import { classifySloMonth, SloMonthFigures, sloMonthHint } from './sloMonth';

/**
 * One SLO of one entity over one calendar month, as the store keeps it.
 *
 * @public
 */
export interface SloMonthRecord extends SloMonthFigures {
  entityRef: string;
  sloId: string;
  objective: SloObjective;
  /** e.g. `2026-10` */
  month: string;
}

/**
 * An entity of the review with what a missed month is explained by.
 *
 * @public
 */
export interface SloReviewEntity {
  entityRef: string;
  title: string;
  owner: string;
  /** Its functions' deploys over the review's months, any order. */
  deploys: readonly SloReviewDeploy[];
  /** Its page incidents recorded over the review's months, any order. */
  incidents: readonly SloReviewIncident[];
}

function within(ts: string | null, month: CalendarMonth): boolean {
  const at = ts === null ? NaN : Date.parse(ts);
  return at >= month.start && at < month.end;
}

/**
 * The review's rows: per entity and SLO, each month judged by {@link classifySloMonth};
 * a month without a record is `no-data`. A missed month lists the entity's deploys inside
 * it and the page incidents that overlapped it, oldest first. Rows sort by entityRef, then SLO id.
 *
 * @public
 */
export function buildSloReviewRows(input: {
  months: readonly CalendarMonth[];
  entities: readonly SloReviewEntity[];
  records: readonly SloMonthRecord[];
}): SloReviewRow[] {
  const { months, entities, records } = input;
  const recordsOf = new Map<string, SloMonthRecord[]>();
  for (const record of records) {
    const key = `${record.entityRef}\n${record.sloId}`;
    if (!recordsOf.get(key)?.push(record)) {
      recordsOf.set(key, [record]);
    }
  }
  const rows: SloReviewRow[] = [];
  for (const entity of entities) {
    const sloIds = [
      ...new Set(
        records
          .filter(record => record.entityRef === entity.entityRef)
          .map(record => record.sloId),
      ),
    ];
    for (const sloId of sloIds) {
      const kept = recordsOf.get(`${entity.entityRef}\n${sloId}`)!;
      const newest = kept.reduce((a, b) => (a.month > b.month ? a : b));
      rows.push({
        entityRef: entity.entityRef,
        title: entity.title,
        owner: entity.owner,
        sloId,
        objective: newest.objective,
        target: newest.target,
        months: months.map(month => {
          const record = kept.find(r => r.month === month.month);
          const verdict = record ? classifySloMonth(record) : 'no-data';
          const missed = verdict === 'missed';
          return {
            month: month.month,
            verdict,
            attainment: record?.attainment ?? null,
            budgetConsumed: record?.budgetConsumed ?? null,
            hint: record ? sloMonthHint(verdict, record) : null,
            deploys: missed
              ? entity.deploys
                  .filter(deploy => within(deploy.ts, month))
                  .sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts))
              : [],
            incidents: missed
              ? incidentsOverlapping(entity.incidents, month)
              : [],
          };
        }),
      });
    }
  }
  return rows.sort((a, b) =>
    a.entityRef === b.entityRef
      ? a.sloId.localeCompare(b.sloId)
      : a.entityRef.localeCompare(b.entityRef),
  );
}
