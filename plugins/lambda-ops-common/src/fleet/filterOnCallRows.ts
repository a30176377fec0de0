import type { FleetStatus, OnCallRow } from '../types';

/**
 * What the on-call view is narrowed to: the page's filters and the on-call action's
 * input alike.
 *
 * @public
 */
export interface OnCallFilter {
  /** Only rows with one of these statuses; all rows when absent or empty. */
  statuses?: readonly FleetStatus[];
  /** Only rows whose title, entity ref or firing page alarms contain it, in any case. */
  search?: string;
}

/**
 * The rows that match the filter, in the order given: the backend ranks them worst
 * first, and a filter must not change that order.
 *
 * @public
 */
export function filterOnCallRows(
  rows: readonly OnCallRow[],
  filter: OnCallFilter,
): OnCallRow[] {
  const statuses = filter.statuses ?? [];
  const needle = (filter.search ?? '').trim().toLocaleLowerCase();
  return rows.filter(
    row =>
      (statuses.length === 0 || statuses.includes(row.status)) &&
      (needle === '' ||
        [row.title, row.entityRef, ...row.firingPages.map(p => p.name)].some(
          text => text.toLocaleLowerCase().includes(needle),
        )),
  );
}
