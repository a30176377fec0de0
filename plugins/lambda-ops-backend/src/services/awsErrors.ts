import { ServiceUnavailableError } from '@backstage/errors';
import type { AwsFailureCause } from '@lambda-ops/backstage-plugin-common';

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
// AbortError: the page deadline cancelled the call.
const TIMED_OUT = new Set([
  'TimeoutError',
  'ETIMEDOUT',
  'RequestTimeout',
  'AbortError',
]);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNAVAILABLE = new Set([
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalServerError',
  'InternalServerException',
  'ServiceException',
]);

/** An AWS failure as the plugin reports it: what went wrong, at which service. */
export interface AwsFailure extends ServiceUnavailableError {
  awsFailure: { cause: AwsFailureCause; service: string };
}

/** Why an AWS read failed, as `describeAwsFailure` classified it; `failed` for anything else. */
export function awsFailureOf(error: unknown): AwsFailure['awsFailure'] {
  return (
    (error as Partial<AwsFailure> | undefined)?.awsFailure ?? {
      cause: 'failed',
      service: 'AWS',
    }
  );
}

/** Marks an error with its cause, keeping its message. */
export function withAwsFailure<E extends Error>(
  error: E,
  awsFailure: AwsFailure['awsFailure'],
): E & Pick<AwsFailure, 'awsFailure'> {
  return Object.assign(error, { awsFailure });
}

function causeOf(code: string, message: string): AwsFailureCause {
  if (THROTTLING.has(code)) {
    return 'throttled';
  }
  if (ACCESS_DENIED.has(code)) {
    return 'access-denied';
  }
  if (TIMED_OUT.has(code)) {
    return 'timed-out';
  }
  if (
    UNREACHABLE.has(code) ||
    UNAVAILABLE.has(code) ||
    /ECONNREFUSED|ENOTFOUND|socket hang up/.test(message)
  ) {
    return 'unavailable';
  }
  return 'failed';
}

/**
 * Rewrites an AWS SDK failure as a message an operator can act on, marked with its cause.
 * The SDK has already retried throttling and transient errors by the time this runs. Never
 * carries the SDK's request metadata or stack onwards.
 */
export function describeAwsFailure(
  error: unknown,
  what: { service: string; region: string },
): AwsFailure {
  if ((error as Partial<AwsFailure> | undefined)?.awsFailure) {
    return error as AwsFailure;
  }
  const err = error as { name?: string; code?: string; message?: string };
  const code = err.code ?? err.name ?? 'Error';
  const where = `${what.service} in ${what.region}`;
  const cause = causeOf(code, err.message ?? '');
  let message: string;
  switch (cause) {
    case 'throttled':
      message = `${where} throttled the request even after retries; it will be asked again on the next refresh`;
      break;
    case 'access-denied':
      message = `${where} refused the credentials (${code}); check the aws: configuration (the account's role or keys) and the IAM permissions listed in the Lambda Ops backend README`;
      break;
    case 'timed-out':
      message = `${where} did not answer in time (${code}); lambdaOps.aws.callTimeout bounds each attempt`;
      break;
    case 'unavailable':
      message = UNAVAILABLE.has(code)
        ? `${where} is unavailable (${code}); it will be asked again on the next refresh`
        : `${where} could not be reached (${
            err.code ??
            /ECONN\w+|ENOTFOUND|EAI_AGAIN|socket hang up/.exec(
              err.message ?? '',
            )?.[0] ??
            code
          }); check the network or lambdaOps.aws.endpoints`;
      break;
    default:
      message = `${where} failed: ${code}${
        err.message ? ` – ${err.message}` : ''
      }`;
  }
  return withAwsFailure(new ServiceUnavailableError(message), {
    cause,
    service: what.service,
  });
}
