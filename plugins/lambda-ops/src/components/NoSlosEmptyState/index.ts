export { NoSlosEmptyState } from './NoSlosEmptyState';
