import { AccountScenario } from '../accounts/accountScenario';
import { LAMBDA_ACCOUNT_CONCURRENCY_LIMIT } from '../scenarios/functions';
import { CODE_SIZE_BYTES, versionsOf } from './functionConfiguration';

/** Lambda's default code storage quotas, in bytes. */
const CODE_STORAGE_LIMIT = 80_530_636_800;
const CODE_SIZE_UNZIPPED_LIMIT = 262_144_000;
const CODE_SIZE_ZIPPED_LIMIT = 52_428_800;

/** GetAccountSettings: quotas and usage; reserved concurrency is taken out of the unreserved pool. */
export function getAccountSettings(account: AccountScenario) {
  const configurations = [...account.functions.configurations()];
  const reserved = configurations.reduce(
    (sum, configuration) => sum + (configuration.reservedConcurrency ?? 0),
    0,
  );
  // Lambda stores the package of every version, $LATEST included.
  const storedVersions = configurations.reduce(
    (sum, configuration) => sum + versionsOf(configuration).length,
    0,
  );
  return {
    AccountLimit: {
      TotalCodeSize: CODE_STORAGE_LIMIT,
      CodeSizeUnzipped: CODE_SIZE_UNZIPPED_LIMIT,
      CodeSizeZipped: CODE_SIZE_ZIPPED_LIMIT,
      ConcurrentExecutions: LAMBDA_ACCOUNT_CONCURRENCY_LIMIT,
      UnreservedConcurrentExecutions:
        LAMBDA_ACCOUNT_CONCURRENCY_LIMIT - reserved,
    },
    AccountUsage: {
      TotalCodeSize: storedVersions * CODE_SIZE_BYTES,
      FunctionCount: configurations.length,
    },
  };
}
