import { AwsError } from '../awsError';
import { pageOf } from '../paging';
import { lambdaFunctionArn, ScenarioFunctionName } from '../scenarios/account';
import {
  SCENARIO_FUNCTION_CONFIGURATIONS,
  ScenarioFunctionAlias,
} from '../scenarios/functions';
import { resolveUnqualifiedFunctionName } from './functionName';
import { listPaging } from './listPaging';
import { revisionIdOf } from './revisionId';

/** An alias as Lambda describes it (AliasConfiguration); the scenarios use no weighted routing. */
function aliasConfiguration(
  functionName: ScenarioFunctionName,
  alias: ScenarioFunctionAlias,
) {
  return {
    AliasArn: lambdaFunctionArn(functionName, alias.name),
    Name: alias.name,
    FunctionVersion: alias.version,
    Description: alias.description,
    RevisionId: revisionIdOf(`${functionName}:${alias.name}:${alias.version}`),
  };
}

export function getAlias(functionName: string, aliasName: string) {
  const name = resolveUnqualifiedFunctionName(functionName);
  const alias = SCENARIO_FUNCTION_CONFIGURATIONS[name].aliases.find(
    a => a.name === aliasName,
  );
  if (!alias) {
    throw new AwsError(
      'ResourceNotFoundException',
      `Alias not found: ${lambdaFunctionArn(name, aliasName)}`,
    );
  }
  return aliasConfiguration(name, alias);
}

/** The function's aliases by name, optionally only those that point to FunctionVersion. */
export function listAliases(functionName: string, query: URLSearchParams) {
  const name = resolveUnqualifiedFunctionName(functionName);
  const version = query.get('FunctionVersion');
  const { offset, size } = listPaging(query);
  const matching = SCENARIO_FUNCTION_CONFIGURATIONS[name].aliases
    .filter(alias => version === null || alias.version === version)
    .sort((a, b) => a.name.localeCompare(b.name));
  const { page, nextToken } = pageOf(matching, offset, size);
  return {
    Aliases: page.map(alias => aliasConfiguration(name, alias)),
    NextMarker: nextToken,
  };
}
