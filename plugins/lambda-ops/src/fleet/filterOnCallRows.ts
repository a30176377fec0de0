import type {
  FleetStatus,
  OnCallRow,
} from '@lambda-ops/backstage-plugin-common';

/** What the on-call page narrows its rows to. */
export interface OnCallFilter {
  /** Only rows with one of these statuses; all rows when empty. */
  statuses: FleetStatus[];
  /** Only rows whose title, entity ref or firing alarms contain it, in any case. */
  search: string;
}

/**
 * The rows that match the filter, in the order the backend sent them: it ranks them
 * worst first, and a filter must not change that order.
 */
export function filterOnCallRows(
  rows: OnCallRow[],
  filter: OnCallFilter,
): OnCallRow[] {
  const needle = filter.search.trim().toLocaleLowerCase();
  return rows.filter(
    row =>
      (filter.statuses.length === 0 || filter.statuses.includes(row.status)) &&
      (needle === '' ||
        [row.title, row.entityRef, ...row.firingPages.map(p => p.name)].some(
          text => text.toLocaleLowerCase().includes(needle),
        )),
  );
}
