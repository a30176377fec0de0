/** The service as messages name it. */
export const APPLICATION_SIGNALS = 'Application Signals';

/** Application Signals' `Environment` key attribute of a Lambda function's service. */
const LAMBDA_ENVIRONMENT = 'lambda:default';

/**
 * Errors that mean Application Signals is simply not there for this account and region:
 * not enabled, not offered, or not granted to the backend's role. A 404 means the same:
 * listing and budget reports answer unknown SLOs in their reply, never with a 404.
 */
const SERVICE_ABSENT_ERRORS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'ResourceNotFoundException',
  'UnknownOperationException',
]);

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

/** Why the error means Application Signals is not there, or undefined when it does not. */
export function serviceAbsence(error: unknown): string | undefined {
  const { name = '', $metadata } = error as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
  };
  if (SERVICE_ABSENT_ERRORS.has(name)) {
    return name;
  }
  return $metadata?.httpStatusCode === 404 ? 'HTTP 404' : undefined;
}
