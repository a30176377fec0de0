export { RollbackBanner } from './RollbackBanner';
