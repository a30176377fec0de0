export { StatusChip } from './StatusChip';
export { SeverityChip } from './SeverityChip';
export { STATUS_TONES, toneRules } from './tones';
