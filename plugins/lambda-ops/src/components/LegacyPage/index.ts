export { LegacyPage } from './LegacyPage';
