export { RunbookPanel, RUNBOOK_PANEL_ID } from './RunbookPanel';
export type { RunbookTarget } from './RunbookView';
