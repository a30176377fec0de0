import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { DefaultAwsClientFactory } from '../services/AwsClientFactory';

/** AWS clients of the main account pointed at the emulator, one attempt per call. */
export function emulatorClients(emulatorUrl: string): DefaultAwsClientFactory {
  return DefaultAwsClientFactory.create({
    credentialsManager: DefaultAwsCredentialsManager.fromConfig(
      new ConfigReader({
        aws: {
          mainAccount: { accessKeyId: 'test', secretAccessKey: 'test' },
        },
      }),
    ),
    settings: { endpoints: { cloudwatch: emulatorUrl }, maxAttempts: 1 },
  });
}
