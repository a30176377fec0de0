export { TriageChecklist } from './TriageChecklist';
