export { ChangeTimeline } from './ChangeTimeline';
