import { AwsError } from '../awsError';
import { ScenarioClock, scenarioOrigin } from '../clock';
import { pageOf } from '../paging';
import { SCENARIO_FUNCTION_CONFIGURATIONS } from '../scenarios/functions';
import {
  functionConfiguration,
  versionOfQualifier,
  versionsOf,
} from './functionConfiguration';
import {
  resolveFunctionName,
  resolveUnqualifiedFunctionName,
} from './functionName';
import { listPaging } from './listPaging';

/**
 * The function and qualifier a request names: the qualifier may come with the FunctionName
 * (`orders-api:PROD`), in the Qualifier parameter, or both when they agree.
 */
function qualifiedFunction(functionName: string, query: URLSearchParams) {
  const named = resolveFunctionName(functionName);
  const parameter = query.get('Qualifier') || undefined;
  if (
    named.qualifier !== undefined &&
    parameter !== undefined &&
    named.qualifier !== parameter
  ) {
    throw new AwsError(
      'InvalidParameterValueException',
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  }
  const qualifier = named.qualifier ?? parameter;
  return {
    name: named.name,
    qualifier,
    version: versionOfQualifier(named.name, qualifier),
  };
}

export function getFunctionConfiguration(
  functionName: string,
  query: URLSearchParams,
  clock: ScenarioClock,
) {
  const { name, qualifier, version } = qualifiedFunction(functionName, query);
  return functionConfiguration(
    name,
    version,
    qualifier,
    scenarioOrigin(clock.now()),
  );
}

/** GetFunction: the configuration, the code's repository and the reserved concurrency. */
export function getFunction(
  functionName: string,
  query: URLSearchParams,
  clock: ScenarioClock,
) {
  const { name } = resolveFunctionName(functionName);
  const { reservedConcurrency } = SCENARIO_FUNCTION_CONFIGURATIONS[name];
  return {
    Configuration: getFunctionConfiguration(functionName, query, clock),
    // There is no code to download, so no presigned Location.
    Code: { RepositoryType: 'S3' },
    Concurrency:
      reservedConcurrency === undefined
        ? undefined
        : { ReservedConcurrentExecutions: reservedConcurrency },
  };
}

/** `$LATEST` and the published versions, each with its qualified ARN. */
export function listVersionsByFunction(
  functionName: string,
  query: URLSearchParams,
  clock: ScenarioClock,
) {
  const name = resolveUnqualifiedFunctionName(functionName);
  const { offset, size } = listPaging(query);
  const origin = scenarioOrigin(clock.now());
  const { page, nextToken } = pageOf(
    versionsOf(SCENARIO_FUNCTION_CONFIGURATIONS[name]),
    offset,
    size,
  );
  return {
    Versions: page.map(version =>
      functionConfiguration(name, version, version.version, origin),
    ),
    NextMarker: nextToken,
  };
}

/** The function's reserved concurrency; an empty answer when it has none. */
export function getFunctionConcurrency(functionName: string) {
  const name = resolveUnqualifiedFunctionName(functionName);
  return {
    ReservedConcurrentExecutions:
      SCENARIO_FUNCTION_CONFIGURATIONS[name].reservedConcurrency,
  };
}
