import { ReactNode, useState } from 'react';
import TablePagination from '@material-ui/core/TablePagination';

/** The rows a page shows until the reader picks another size. */
const ROWS_PER_PAGE = 50;
const ROWS_PER_PAGE_OPTIONS = [25, ROWS_PER_PAGE, 100, 250];

/**
 * Shows `rows` a page at a time, in the order given, with a pager under them once
 * there are more than the smallest page holds: a fleet view of 10,000 entities renders
 * one page of table rows, where all of them kept the browser busy for seconds.
 * `filterKey` names the filters the rows went through; when it changes, the reader is
 * taken back to the first page.
 */
export function PagedRows<T>(props: {
  rows: T[];
  filterKey?: string;
  children: (pageRows: T[]) => ReactNode;
}) {
  const { rows, filterKey = '', children } = props;
  const [rowsPerPage, setRowsPerPage] = useState(ROWS_PER_PAGE);
  const [page, setPage] = useState({ index: 0, filterKey });
  const lastPage = Math.max(0, Math.ceil(rows.length / rowsPerPage) - 1);
  // A page of other filters is not this one's; a page past the end (the rows were
  // refreshed and fewer) is the last.
  const index =
    page.filterKey === filterKey ? Math.min(page.index, lastPage) : 0;
  return (
    <>
      {children(rows.slice(index * rowsPerPage, (index + 1) * rowsPerPage))}
      {rows.length > ROWS_PER_PAGE_OPTIONS[0] && (
        <TablePagination
          component="div"
          count={rows.length}
          page={index}
          rowsPerPage={rowsPerPage}
          rowsPerPageOptions={ROWS_PER_PAGE_OPTIONS}
          onPageChange={(_event, next) => setPage({ index: next, filterKey })}
          onRowsPerPageChange={event => {
            setRowsPerPage(Number(event.target.value));
            setPage({ index: 0, filterKey });
          }}
        />
      )}
    </>
  );
}
