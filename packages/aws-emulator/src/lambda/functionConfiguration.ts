import { createHash } from 'node:crypto';
import { MINUTE_MS } from '../clock';
import { AccountScenario } from '../accounts/accountScenario';
import { ScenarioFunctionConfiguration } from '../scenarios/functions';
import { functionNotFound } from './functionName';
import { revisionIdOf } from './revisionId';

/** The unpublished version of a function, which a missing qualifier means. */
const LATEST = '$LATEST';

/** Every version of every scenario function has a deployment package of this size. */
export const CODE_SIZE_BYTES = 4_194_304;

/** The extension that publishes the `LambdaInsights` metrics; only functions with it report them. */
function lambdaInsightsLayer(region: string) {
  return {
    Arn: `arn:aws:lambda:${region}:580247275435:layer:LambdaInsightsExtension:53`,
    CodeSize: 5_184_102,
  };
}

/** A version of a function: `$LATEST` or a published one, and when it last changed. */
export interface FunctionVersion {
  version: string;
  modifiedMinutesAgo: number;
}

/** `$LATEST` followed by the published versions, oldest first, as ListVersionsByFunction lists them. */
export function versionsOf(
  configuration: ScenarioFunctionConfiguration,
): FunctionVersion[] {
  return [
    {
      version: LATEST,
      modifiedMinutesAgo: configuration.latestChangedMinutesAgo,
    },
    ...configuration.versions.map(({ version, publishedMinutesAgo }) => ({
      version,
      modifiedMinutesAgo: publishedMinutesAgo,
    })),
  ];
}

/**
 * The version a qualifier names: `$LATEST` (also when there is no qualifier), a published
 * version number or an alias; anything else is a 404 like Lambda's.
 */
export function versionOfQualifier(
  account: AccountScenario,
  functionName: string,
  configuration: ScenarioFunctionConfiguration,
  qualifier: string | undefined,
): FunctionVersion {
  const versions = versionsOf(configuration);
  const alias = configuration.aliases.find(a => a.name === qualifier);
  const wanted = alias?.version ?? qualifier ?? LATEST;
  const found = versions.find(v => v.version === wanted);
  if (!found) {
    throw functionNotFound(account, functionName, qualifier);
  }
  return found;
}

/** Lambda writes LastModified as a string: ISO 8601 with milliseconds and a `+0000` offset. */
function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** The code's hash is derived from the version, so every run answers the same. */
function codeSha256Of(seed: string): string {
  return createHash('sha256').update(seed).digest('base64');
}

/**
 * The FunctionConfiguration of one version. `arnQualifier` is what the request qualified the
 * function with (Lambda echoes it in FunctionArn: an alias gives the alias ARN); `undefined`
 * gives the unqualified ARN.
 */
export function functionConfiguration(
  account: AccountScenario,
  functionName: string,
  configuration: ScenarioFunctionConfiguration,
  { version, modifiedMinutesAgo }: FunctionVersion,
  arnQualifier: string | undefined,
  origin: number,
) {
  // $LATEST holds the code of the newest published version, if there is one.
  const codeVersion =
    version === LATEST
      ? configuration.versions[configuration.versions.length - 1]?.version ??
        LATEST
      : version;
  return {
    FunctionName: functionName,
    FunctionArn: account.arns.lambdaFunction(functionName, arnQualifier),
    Runtime: 'nodejs22.x',
    Role: account.arns.executionRole(functionName),
    Handler: 'index.handler',
    CodeSize: CODE_SIZE_BYTES,
    Description: '',
    Timeout: configuration.timeoutSeconds,
    MemorySize: configuration.memorySizeMb,
    LastModified: lambdaTimestamp(origin - modifiedMinutesAgo * MINUTE_MS),
    CodeSha256: codeSha256Of(`${functionName}:${codeVersion}`),
    Version: version,
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: revisionIdOf(`${functionName}:${version}`),
    Layers: configuration.lambdaInsights
      ? [lambdaInsightsLayer(account.region)]
      : undefined,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: {
      LogFormat: 'Text',
      LogGroup: `/aws/lambda/${functionName}`,
    },
  };
}
