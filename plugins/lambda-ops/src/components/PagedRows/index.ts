export { PagedRows, ROWS_PER_PAGE } from './PagedRows';
