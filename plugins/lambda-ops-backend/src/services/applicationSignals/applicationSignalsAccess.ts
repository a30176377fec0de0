import { ServiceUnavailableError } from '@backstage/errors';
import { AwsFailure, describeAwsFailure, withAwsFailure } from '../awsErrors';

/** The service as messages name it. */
export const APPLICATION_SIGNALS = 'Application Signals';

/** Application Signals' `Environment` key attribute of a Lambda function's service. */
const LAMBDA_ENVIRONMENT = 'lambda:default';

/**
 * Errors that mean Application Signals is simply not there for this account and region:
 * not enabled or not offered. A 404 means the same: listing and budget reports answer
 * unknown SLOs in their reply, never with a 404.
 */
const NOT_ENABLED_ERRORS = new Set([
  'ResourceNotFoundException',
  'UnknownOperationException',
]);

/** The backend's role lacks an `application-signals:` permission: a fix for its owner. */
const ACCESS_DENIED_ERRORS = new Set(['AccessDenied', 'AccessDeniedException']);

/** The key attributes of the service Application Signals keeps for a Lambda function. */
export function lambdaServiceEntity(
  functionName: string,
): Record<string, string> {
  return {
    Type: 'Service',
    Name: functionName,
    Environment: LAMBDA_ENVIRONMENT,
  };
}

/** Why the error means Application Signals is not enabled, or undefined when it does not. */
export function notEnabledReason(error: unknown): string | undefined {
  const { name = '', $metadata } = error as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
  };
  if (NOT_ENABLED_ERRORS.has(name)) {
    return name;
  }
  return $metadata?.httpStatusCode === 404 ? 'HTTP 404' : undefined;
}

/** The error's name when the backend's role may not call the action, else undefined. */
export function accessDeniedReason(error: unknown): string | undefined {
  const { name = '' } = error as { name?: string };
  return ACCESS_DENIED_ERRORS.has(name) ? name : undefined;
}

/**
 * An Application Signals failure as the tab reports it: a refused permission names the
 * actions to grant (cause `access-denied`), anything else reads as other AWS failures do.
 *
 * @param actions - the `application-signals:` actions the failed read needs
 */
export function describeApplicationSignalsFailure(
  error: unknown,
  what: { region: string; actions: string[] },
): AwsFailure {
  if (accessDeniedReason(error) === undefined) {
    return describeAwsFailure(error, {
      service: APPLICATION_SIGNALS,
      region: what.region,
    });
  }
  return withAwsFailure(
    new ServiceUnavailableError(
      `The backend's role may not read ${APPLICATION_SIGNALS} in ${
        what.region
      }: grant ${what.actions
        .map(action => `application-signals:${action}`)
        .join(' and ')} (see docs/iam-policy.json)`,
    ),
    { cause: 'access-denied', service: APPLICATION_SIGNALS },
  );
}
