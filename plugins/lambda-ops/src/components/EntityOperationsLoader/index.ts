export { EntityOperationsLoader } from './EntityOperationsLoader';
