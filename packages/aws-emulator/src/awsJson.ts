import { AwsError } from './awsError';

/**
 * JSON as both AWS JSON 1.0 (CloudWatch) and REST-JSON (Application Signals) write it:
 * timestamps are epoch seconds, the format the SDKs default to for these protocols.
 */
export function toAwsJson(body: unknown): string {
  return JSON.stringify(withEpochSeconds(body));
}

/**
 * A copy of `value` with every Date as epoch seconds. Walking the value first is several
 * times faster than a JSON.stringify replacer on answers of 100,000 datapoints.
 */
function withEpochSeconds(value: unknown): unknown {
  if (value instanceof Date) {
    return value.getTime() / 1000;
  }
  if (Array.isArray(value)) {
    return value.map(withEpochSeconds);
  }
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      copy[key] = withEpochSeconds(member);
    }
    return copy;
  }
  return value;
}

/** Reads a timestamp member sent as epoch seconds (the SDK may add a fraction). */
export function epochSecondsMember(
  value: unknown,
  member: string,
): Date | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AwsError(
      'SerializationException',
      `${member} must be a timestamp in epoch seconds`,
    );
  }
  return new Date(Math.round(value * 1000));
}

/** An opaque pagination token carrying `state`; `undefined` when there is no next page. */
export function encodeNextToken(state: object): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** Reads a token from `encodeNextToken`, or `undefined` when it is not one. */
export function decodeNextToken(
  token: string,
): Record<string, unknown> | undefined {
  try {
    const state: unknown = JSON.parse(
      Buffer.from(token, 'base64url').toString('utf8'),
    );
    return typeof state === 'object' && state !== null
      ? (state as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
