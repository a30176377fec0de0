import { integerParam, offsetParam } from '../paging';

/** Lambda's list operations: MaxItems 1–10,000, and at most 50 items a page whatever it says. */
export const LAMBDA_LIST_LIMITS = { maxItems: 10_000, pageSize: 50 } as const;

/** Reads MaxItems and Marker of a Lambda list operation. */
export function listPaging(query: URLSearchParams): {
  offset: number;
  size: number;
} {
  const maxItems =
    integerParam(query, 'MaxItems', 1, LAMBDA_LIST_LIMITS.maxItems) ??
    LAMBDA_LIST_LIMITS.pageSize;
  return {
    offset: offsetParam(query, 'Marker'),
    size: Math.min(maxItems, LAMBDA_LIST_LIMITS.pageSize),
  };
}
