import { AccountScenario } from '../accounts/accountScenario';
import { AwsError } from '../awsError';
import { pageOf } from '../paging';
import { ScenarioFunctionAlias } from '../scenarios/functions';
import { resolveUnqualifiedFunctionName } from './functionName';
import { listPaging } from './listPaging';
import { revisionIdOf } from './revisionId';

/** An alias as Lambda describes it (AliasConfiguration); the scenarios use no weighted routing. */
function aliasConfiguration(
  account: AccountScenario,
  functionName: string,
  alias: ScenarioFunctionAlias,
) {
  return {
    AliasArn: account.arns.lambdaFunction(functionName, alias.name),
    Name: alias.name,
    FunctionVersion: alias.version,
    Description: alias.description,
    RevisionId: revisionIdOf(`${functionName}:${alias.name}:${alias.version}`),
  };
}

export function getAlias(
  account: AccountScenario,
  functionName: string,
  aliasName: string,
) {
  const { name, configuration } = resolveUnqualifiedFunctionName(
    account,
    functionName,
  );
  const alias = configuration.aliases.find(a => a.name === aliasName);
  if (!alias) {
    throw new AwsError(
      'ResourceNotFoundException',
      `Alias not found: ${account.arns.lambdaFunction(name, aliasName)}`,
    );
  }
  return aliasConfiguration(account, name, alias);
}

/** The function's aliases by name, optionally only those that point to FunctionVersion. */
export function listAliases(
  account: AccountScenario,
  functionName: string,
  query: URLSearchParams,
) {
  const { name, configuration } = resolveUnqualifiedFunctionName(
    account,
    functionName,
  );
  const version = query.get('FunctionVersion');
  const { offset, size } = listPaging(query);
  const matching = configuration.aliases
    .filter(alias => version === null || alias.version === version)
    .sort((a, b) => a.name.localeCompare(b.name));
  const { page, nextToken } = pageOf(matching, offset, size);
  return {
    Aliases: page.map(alias => aliasConfiguration(account, name, alias)),
    NextMarker: nextToken,
  };
}
