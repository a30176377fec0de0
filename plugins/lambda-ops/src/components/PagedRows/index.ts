export { PagedRows } from './PagedRows';
