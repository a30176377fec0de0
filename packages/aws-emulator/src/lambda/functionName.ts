import { AccountScenario } from '../accounts/accountScenario';
import { AwsError } from '../awsError';
import { ScenarioFunctionConfiguration } from '../scenarios/functions';

/**
 * Lambda's FunctionName member accepts a name (`orders-api`), a partial ARN
 * (`123456789012:function:orders-api`) or an ARN, each optionally qualified with a version or
 * alias (`orders-api:PROD`). The region of an ARN is not checked: the caller's account answers
 * with the functions it has in the caller's region.
 */
const FUNCTION_NAME =
  /^(?:(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:)?(\d{12}):function:)?([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;

/** A function of the caller's account as a request names it. */
export interface FunctionReference {
  name: string;
  /** The qualifier appended to the FunctionName, if any. */
  qualifier: string | undefined;
  configuration: ScenarioFunctionConfiguration;
}

export function functionNotFound(
  account: AccountScenario,
  functionName: string,
  qualifier?: string,
): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    `Function not found: ${account.arns.lambdaFunction(
      functionName,
      qualifier,
    )}`,
  );
}

/** The function of the caller's account a FunctionName names; 404 for another function or account. */
export function resolveFunctionName(
  account: AccountScenario,
  functionName: string,
): FunctionReference {
  const match = FUNCTION_NAME.exec(functionName);
  if (!match) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${functionName}' at 'functionName' failed to satisfy constraint: Member must be a function name or ARN, optionally with a version or alias.`,
    );
  }
  const [, accountId, name, qualifier] = match;
  const configuration =
    accountId === undefined || accountId === account.accountId
      ? account.functions.configuration(name)
      : undefined;
  if (!configuration) {
    throw functionNotFound(account, name, qualifier);
  }
  return { name, qualifier, configuration };
}

/** For operations on the function as a whole (aliases, versions, concurrency): no qualifier. */
export function resolveUnqualifiedFunctionName(
  account: AccountScenario,
  functionName: string,
): FunctionReference {
  const reference = resolveFunctionName(account, functionName);
  if (reference.qualifier !== undefined) {
    throw new AwsError(
      'InvalidParameterValueException',
      `This operation takes an unqualified function name, got '${functionName}'.`,
    );
  }
  return reference;
}
