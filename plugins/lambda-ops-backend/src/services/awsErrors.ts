import { ServiceUnavailableError } from '@backstage/errors';

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
]);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'TimeoutError',
]);

/**
 * Rewrites an AWS SDK failure as a message an operator can act on. The SDK has already
 * retried throttling and transient errors by the time this runs. Never carries the SDK's
 * request metadata or stack onwards.
 */
export function describeAwsFailure(
  error: unknown,
  what: { service: string; region: string },
): ServiceUnavailableError {
  const err = error as { name?: string; code?: string; message?: string };
  const code = err.code ?? err.name ?? 'Error';
  const where = `${what.service} in ${what.region}`;
  let message: string;
  if (THROTTLING.has(code)) {
    message = `${where} throttled the request even after retries; it will be asked again on the next refresh`;
  } else if (ACCESS_DENIED.has(code)) {
    message = `${where} refused the credentials (${code}); check the aws: configuration and the IAM permissions listed in the Lambda Ops backend README`;
  } else if (
    UNREACHABLE.has(code) ||
    /ECONNREFUSED|ENOTFOUND|socket hang up/.test(err.message ?? '')
  ) {
    message = `${where} could not be reached (${code}); check the network or lambdaOps.aws.endpoints`;
  } else {
    message = `${where} failed: ${code}${
      err.message ? ` – ${err.message}` : ''
    }`;
  }
  return new ServiceUnavailableError(message);
}
