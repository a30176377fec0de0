import { AwsError } from '../awsError';
import {
  lambdaFunctionArn,
  SCENARIO_ACCOUNT_ID,
  SCENARIO_FUNCTION_NAMES,
  ScenarioFunctionName,
} from '../scenarios/account';

/**
 * Lambda's FunctionName member accepts a name (`orders-api`), a partial ARN
 * (`123456789012:function:orders-api`) or an ARN, each optionally qualified with a version or
 * alias (`orders-api:PROD`). Any region is accepted, as everywhere in the emulator.
 */
const FUNCTION_NAME =
  /^(?:(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:)?(\d{12}):function:)?([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;

/** A scenario function as a request names it. */
export interface FunctionReference {
  name: ScenarioFunctionName;
  /** The qualifier appended to the FunctionName, if any. */
  qualifier: string | undefined;
}

export function functionNotFound(
  functionName: string,
  qualifier?: string,
): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    `Function not found: ${lambdaFunctionArn(functionName, qualifier)}`,
  );
}

function isScenarioFunction(name: string): name is ScenarioFunctionName {
  return (SCENARIO_FUNCTION_NAMES as readonly string[]).includes(name);
}

/** The scenario function a FunctionName names; 404 for another function or account. */
export function resolveFunctionName(functionName: string): FunctionReference {
  const match = FUNCTION_NAME.exec(functionName);
  if (!match) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${functionName}' at 'functionName' failed to satisfy constraint: Member must be a function name or ARN, optionally with a version or alias.`,
    );
  }
  const [, accountId, name, qualifier] = match;
  if (
    (accountId !== undefined && accountId !== SCENARIO_ACCOUNT_ID) ||
    !isScenarioFunction(name)
  ) {
    throw functionNotFound(name, qualifier);
  }
  return { name, qualifier };
}

/** For operations on the function as a whole (aliases, versions, concurrency): no qualifier. */
export function resolveUnqualifiedFunctionName(
  functionName: string,
): ScenarioFunctionName {
  const { name, qualifier } = resolveFunctionName(functionName);
  if (qualifier !== undefined) {
    throw new AwsError(
      'InvalidParameterValueException',
      `This operation takes an unqualified function name, got '${functionName}'.`,
    );
  }
  return name;
}
