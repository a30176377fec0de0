import { AwsError } from '../awsError';
import { decodeNextToken } from '../awsJson';

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

/** Reads a NextToken that carries an offset into a listing. */
export function offsetToken(token: string | null): number {
  if (token === null) {
    return 0;
  }
  const offset = decodeNextToken(token)?.offset;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw new AwsError('ValidationException', 'The NextToken is not valid.');
  }
  return offset;
}
