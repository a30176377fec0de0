import { AwsError } from './awsError';

/**
 * JSON as both AWS JSON 1.0 (CloudWatch) and REST-JSON (Application Signals) write it:
 * timestamps are epoch seconds, the format the SDKs default to for these protocols.
 */
export function toAwsJson(body: unknown): string {
  return JSON.stringify(
    body,
    function replaceDates(this: Record<string, unknown>, key, value) {
      // `value` has already been through Date.toJSON; the holder still has the Date.
      const original = this[key];
      return original instanceof Date ? original.getTime() / 1000 : value;
    },
  );
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
