import { AccountScenario } from '../accounts/accountScenario';
import { AwsError } from '../awsError';
import { ScenarioClock, scenarioOrigin } from '../clock';
import { pageOf } from '../paging';
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
function qualifiedFunction(
  account: AccountScenario,
  functionName: string,
  query: URLSearchParams,
) {
  const named = resolveFunctionName(account, functionName);
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
    ...named,
    qualifier,
    version: versionOfQualifier(
      account,
      named.name,
      named.configuration,
      qualifier,
    ),
  };
}

export function getFunctionConfiguration(
  account: AccountScenario,
  functionName: string,
  query: URLSearchParams,
  clock: ScenarioClock,
) {
  const { name, configuration, qualifier, version } = qualifiedFunction(
    account,
    functionName,
    query,
  );
  return functionConfiguration(
    account,
    name,
    configuration,
    version,
    qualifier,
    scenarioOrigin(clock.now()),
  );
}

/** GetFunction: the configuration, the code's repository and the reserved concurrency. */
export function getFunction(
  account: AccountScenario,
  functionName: string,
  query: URLSearchParams,
  clock: ScenarioClock,
) {
  const { reservedConcurrency } = resolveFunctionName(
    account,
    functionName,
  ).configuration;
  return {
    Configuration: getFunctionConfiguration(
      account,
      functionName,
      query,
      clock,
    ),
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
  account: AccountScenario,
  functionName: string,
  query: URLSearchParams,
  clock: ScenarioClock,
) {
  const { name, configuration } = resolveUnqualifiedFunctionName(
    account,
    functionName,
  );
  const { offset, size } = listPaging(query);
  const origin = scenarioOrigin(clock.now());
  const { page, nextToken } = pageOf(versionsOf(configuration), offset, size);
  return {
    Versions: page.map(version =>
      functionConfiguration(
        account,
        name,
        configuration,
        version,
        version.version,
        origin,
      ),
    ),
    NextMarker: nextToken,
  };
}

/** The function's reserved concurrency; an empty answer when it has none. */
export function getFunctionConcurrency(
  account: AccountScenario,
  functionName: string,
) {
  return {
    ReservedConcurrentExecutions: resolveUnqualifiedFunctionName(
      account,
      functionName,
    ).configuration.reservedConcurrency,
  };
}
