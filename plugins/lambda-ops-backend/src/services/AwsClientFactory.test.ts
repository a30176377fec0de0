import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { startAwsEmulator, RunningAwsEmulator } from '@lambda-ops/aws-emulator';
import { describeAwsFailure } from './awsErrors';
import { DefaultAwsClientFactory } from './AwsClientFactory';

const staticCredentials: AwsCredentialsManager = {
  async getCredentialProvider(opts) {
    if (opts?.accountId === '999999999999') {
      throw new Error('There is no AWS integration that matches 999999999999.');
    }
    return {
      accountId: opts?.accountId,
      sdkCredentialProvider: async () => ({
        accessKeyId: 'test',
        secretAccessKey: 'test',
      }),
    };
  },
};

describe('DefaultAwsClientFactory', () => {
  let emulator: RunningAwsEmulator;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ port: 0 });
  });
  afterAll(() => emulator.stop());
  afterEach(() => {
    delete process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
  });

  const describeAlarms = new DescribeAlarmsCommand({});

  it('reuses one client per account and region', async () => {
    const factory = DefaultAwsClientFactory.create({
      credentialsManager: staticCredentials,
      settings: { endpoints: { cloudwatch: emulator.url }, maxAttempts: 1 },
    });
    const location = { accountId: '123456789012', region: 'us-east-1' };
    expect(await factory.cloudWatch(location)).toBe(
      await factory.cloudWatch({ ...location }),
    );
    expect(await factory.cloudWatch(location)).not.toBe(
      await factory.cloudWatch({ ...location, region: 'eu-west-1' }),
    );
  });

  it('retries adaptively by default, up to maxAttempts', async () => {
    emulator.resetStats();
    emulator.setKnobs({ throttle: { count: 5 } });
    const factory = DefaultAwsClientFactory.create({
      credentialsManager: staticCredentials,
      settings: { endpoints: { cloudwatch: emulator.url }, maxAttempts: 2 },
    });
    const client = await factory.cloudWatch({
      accountId: null,
      region: 'us-east-1',
    });
    expect(await client.config.retryStrategy()).toMatchObject({
      mode: 'adaptive',
    });
    await expect(client.send(describeAlarms)).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { attempts: 2 },
    });
    expect(emulator.stats().throttledCalls).toBe(2);
    emulator.reset();
  });

  it('sends requests to the configured endpoint', async () => {
    emulator.resetStats();
    const factory = DefaultAwsClientFactory.create({
      credentialsManager: staticCredentials,
      settings: { endpoints: { cloudwatch: emulator.url }, maxAttempts: 1 },
    });
    const client = await factory.cloudWatch({
      accountId: null,
      region: 'us-east-1',
    });
    await client.send(describeAlarms);
    expect(emulator.stats().calls.DescribeAlarms).toBe(1);
  });

  it("falls back to the SDK's own AWS_ENDPOINT_URL_CLOUDWATCH when no endpoint is configured", async () => {
    emulator.resetStats();
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH = emulator.url;
    const factory = DefaultAwsClientFactory.create({
      credentialsManager: staticCredentials,
      settings: { endpoints: {}, maxAttempts: 1 },
    });
    const client = await factory.cloudWatch({
      accountId: null,
      region: 'us-east-1',
    });
    await client.send(describeAlarms);
    expect(emulator.stats().calls.DescribeAlarms).toBe(1);
  });

  it('says which account lacks credentials and where to configure it', async () => {
    const factory = DefaultAwsClientFactory.create({
      credentialsManager: staticCredentials,
      settings: { endpoints: {}, maxAttempts: 1 },
    });
    const failure = await factory
      .cloudWatch({ accountId: '999999999999', region: 'us-east-1' })
      .catch(error =>
        describeAwsFailure(error, {
          service: 'CloudWatch',
          region: 'us-east-1',
        }),
      );
    expect(failure).toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(/account 999999999999.*aws\.accounts/),
    });
  });
});
