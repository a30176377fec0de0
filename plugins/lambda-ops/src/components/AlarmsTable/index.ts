export { AlarmsTable, UNCLASSIFIED_TOOLTIP } from './AlarmsTable';
export type { AlarmsTableProps } from './AlarmsTable';
export { NO_RUNBOOK_LABEL } from './AlarmRunbookCell';
