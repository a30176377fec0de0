import { AwsError } from './awsError';
import { decodeNextToken, encodeNextToken } from './awsJson';

/**
 * Paging parameters of the REST-JSON services (Application Signals, Lambda), which send them
 * in the query string. Out-of-range values are a ValidationException, as AWS answers when a
 * request breaks a constraint of the model.
 */

/** Reads an integer query parameter within [min, max]. */
export function integerParam(
  query: URLSearchParams,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = query.get(name);
  if (raw === null) {
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AwsError(
      'ValidationException',
      `${name} must be an integer from ${min} to ${max}, got '${raw}'.`,
    );
  }
  return value;
}

/** Reads the query parameter `name` (NextToken, Marker) that carries an offset into a listing. */
export function offsetParam(query: URLSearchParams, name: string): number {
  const token = query.get(name);
  if (token === null) {
    return 0;
  }
  const offset = decodeNextToken(token)?.offset;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw new AwsError('ValidationException', `The ${name} is not valid.`);
  }
  return offset;
}

/** The `size` items of a listing from `offset` on, and the token of the next page if any. */
export function pageOf<T>(
  items: readonly T[],
  offset: number,
  size: number,
): { page: T[]; nextToken: string | undefined } {
  const next = offset + size;
  return {
    page: items.slice(offset, next),
    nextToken:
      next < items.length ? encodeNextToken({ offset: next }) : undefined,
  };
}
