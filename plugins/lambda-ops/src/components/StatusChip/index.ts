export { StatusChip, STATUS_LABELS } from './StatusChip';
export { SeverityChip } from './SeverityChip';
export { DefectChip } from './DefectChip';
export { ToneChip } from './ToneChip';
export { STATUS_TONES, toneRules } from './tones';
export type { Tone } from './tones';
