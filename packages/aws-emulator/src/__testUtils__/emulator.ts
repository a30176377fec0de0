import { ApplicationSignalsClient } from '@aws-sdk/client-application-signals';
import {
  CloudWatchClient,
  CompositeAlarm,
  DescribeAlarmsCommand,
  MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  AwsEmulatorOptions,
  RunningAwsEmulator,
  startAwsEmulator,
} from '../server';

/** The pinned scenario clock of the tests: a whole minute, so windows hold whole minutes. */
export const NOW = new Date('2026-11-29T12:00:00Z');
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export const minutesBefore = (minutes: number) =>
  new Date(NOW.getTime() - minutes * MINUTE);
export const daysBefore = (days: number) =>
  new Date(NOW.getTime() - days * DAY);

/**
 * Starts an emulator on a free port for the tests of one file and gives real AWS SDK
 * clients pointed at it, so that the SDK's own serializers and retry logic run.
 */
export function useEmulator(
  clientOptions: { maxAttempts?: number } = {},
  emulatorOptions: Omit<AwsEmulatorOptions, 'now'> = {},
) {
  const context = {} as {
    emulator: RunningAwsEmulator;
    cloudWatch: CloudWatchClient;
    applicationSignals: ApplicationSignalsClient;
    lambda: LambdaClient;
  };
  beforeAll(async () => {
    context.emulator = await startAwsEmulator({
      port: 0,
      ...emulatorOptions,
      now: NOW,
    });
    const config = {
      endpoint: context.emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      ...clientOptions,
    };
    context.cloudWatch = new CloudWatchClient(config);
    context.applicationSignals = new ApplicationSignalsClient(config);
    context.lambda = new LambdaClient(config);
  });
  beforeEach(() => context.emulator.reset());
  afterAll(async () => {
    context.cloudWatch.destroy();
    context.applicationSignals.destroy();
    context.lambda.destroy();
    await context.emulator.stop();
  });
  return context;
}

/**
 * SDK clients that sign as one account in one region, the way a backend's client factory
 * does with `aws.accounts` keys: the fleet accounts' access key ID is the account ID.
 */
export function clientsOf(
  emulator: RunningAwsEmulator,
  accessKeyId: string,
  region: string,
  maxAttempts = 1,
) {
  const config = {
    endpoint: emulator.url,
    region,
    credentials: { accessKeyId, secretAccessKey: 'emulator' },
    maxAttempts,
  };
  return {
    cloudWatch: new CloudWatchClient(config),
    applicationSignals: new ApplicationSignalsClient(config),
    lambda: new LambdaClient(config),
  };
}

/** An alarm of a DescribeAlarms listing, with its kind. */
export type ListedAlarm = (MetricAlarm | CompositeAlarm) & {
  type: 'metric' | 'composite';
};

/** Every alarm the client's account has in its region, metric and composite, 100 a page. */
export async function listAllAlarms(cloudWatch: CloudWatchClient) {
  const alarms: ListedAlarm[] = [];
  const pageSizes: number[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cloudWatch.send(
      new DescribeAlarmsCommand({
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
        NextToken: nextToken,
      }),
    );
    const metric = page.MetricAlarms ?? [];
    const composite = page.CompositeAlarms ?? [];
    alarms.push(
      ...metric.map(alarm => ({ ...alarm, type: 'metric' as const })),
      ...composite.map(alarm => ({ ...alarm, type: 'composite' as const })),
    );
    pageSizes.push(metric.length + composite.length);
    nextToken = page.NextToken;
  } while (nextToken);
  return { alarms, pageSizes };
}

/** A GetMetricData query of a Lambda function's metric. */
export function lambdaQuery(
  id: string,
  functionName: string,
  metricName: string,
  stat: string,
  period = 3600,
  extraDimensions: Array<{ Name: string; Value: string }> = [],
) {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [
          { Name: 'FunctionName', Value: functionName },
          ...extraDimensions,
        ],
      },
      Period: period,
      Stat: stat,
    },
  };
}
