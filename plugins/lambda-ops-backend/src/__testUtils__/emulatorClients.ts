import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { DefaultAwsClientFactory } from '../services/AwsClientFactory';

/**
 * AWS clients of the main account pointed at the emulator, one attempt per call; with
 * `accounts` (as `fleetAwsAccounts()` gives them), of those accounts too.
 */
export function emulatorClients(
  emulatorUrl: string,
  accounts: Array<{
    accountId: string;
    accessKeyId: string;
    secretAccessKey: string;
  }> = [],
): DefaultAwsClientFactory {
  return DefaultAwsClientFactory.create({
    credentialsManager: DefaultAwsCredentialsManager.fromConfig(
      new ConfigReader({
        aws: {
          mainAccount: { accessKeyId: 'test', secretAccessKey: 'test' },
          accounts,
        },
      }),
    ),
    settings: { endpoints: { cloudwatch: emulatorUrl }, maxAttempts: 1 },
  });
}
