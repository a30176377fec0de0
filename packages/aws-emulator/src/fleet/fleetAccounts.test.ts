import {
  BatchGetServiceLevelObjectiveBudgetReportCommand,
  ListEntityEventsCommand,
  ListServiceLevelObjectivesCommand,
} from '@aws-sdk/client-application-signals';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  GetAccountSettingsCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  ListVersionsByFunctionCommand,
} from '@aws-sdk/client-lambda';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  clientsOf,
  daysBefore,
  listAllAlarms,
  lambdaQuery,
  MINUTE,
  minutesBefore,
  NOW,
  useEmulator,
} from '../__testUtils__/emulator';
import { createFleet, fleetAwsAccounts } from './fleet';
import { FleetFunction } from './manifest';

const FLEET = { size: 200, seed: 11 };
const THIRTY_DAYS = 30 * 24 * 3600;

describe('fleet accounts', () => {
  const aws = useEmulator({}, { fleet: FLEET });
  const fleet = createFleet(FLEET);
  const manifest = fleet.manifest();
  const functions = [...fleet.functions()];
  const [retail, platform] = manifest.accounts;
  const inRetail = functions.find(
    fn =>
      fn.accountId === retail.accountId &&
      fn.region === 'us-east-1' &&
      fn.pattern === 'api' &&
      fn.health === 'healthy',
  )!;

  const alarmNamesOf = async (cloudWatch: CloudWatchClient) => {
    const output = await cloudWatch.send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: `${inRetail.name}-`,
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
      }),
    );
    return [...(output.MetricAlarms ?? []), ...(output.CompositeAlarms ?? [])]
      .map(a => a.AlarmName)
      .sort();
  };
  const invocationsOf = async (cloudWatch: CloudWatchClient) => {
    const output = await cloudWatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: [
          lambdaQuery('inv', inRetail.name, 'Invocations', 'Sum', 3600),
        ],
        StartTime: minutesBefore(60),
        EndTime: NOW,
      }),
    );
    return output.MetricDataResults?.[0].Values;
  };

  it("shows each account and region its own functions' metrics and alarms only", async () => {
    const own = clientsOf(aws.emulator, retail.accountId, 'us-east-1');
    const otherRegion = clientsOf(aws.emulator, retail.accountId, 'eu-west-1');
    const otherAccount = clientsOf(
      aws.emulator,
      platform.accountId,
      'us-east-1',
    );
    const demo = clientsOf(aws.emulator, 'test', 'us-east-1');

    expect(await alarmNamesOf(own.cloudWatch)).toEqual(
      inRetail.alarms.map(a => a.name).sort(),
    );
    expect(await invocationsOf(own.cloudWatch)).toEqual([
      inRetail.invocationsPerMinute * 60,
    ]);
    for (const stranger of [otherRegion, otherAccount, demo]) {
      expect(await alarmNamesOf(stranger.cloudWatch)).toEqual([]);
      expect(await invocationsOf(stranger.cloudWatch)).toEqual([]);
      await expect(
        stranger.lambda.send(
          new GetFunctionConfigurationCommand({ FunctionName: inRetail.name }),
        ),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    }
    // An alarm ARN of another account is unknown here.
    await expect(
      otherAccount.cloudWatch.send(
        new ListTagsForResourceCommand({
          ResourceARN: `arn:aws:cloudwatch:us-east-1:${retail.accountId}:alarm:${inRetail.alarms[0].name}`,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    // The demo scenarios stay where they were, out of the fleet accounts' sight.
    expect(
      (
        await demo.lambda.send(
          new GetFunctionConfigurationCommand({ FunctionName: 'orders-api' }),
        )
      ).FunctionArn,
    ).toBe('arn:aws:lambda:us-east-1:123456789012:function:orders-api');
    await expect(
      own.lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: 'orders-api' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    for (const clients of [own, otherRegion, otherAccount, demo]) {
      Object.values(clients).forEach(client => client.destroy());
    }
  });

  it('reaches each account with the aws.accounts entries of a Backstage config', async () => {
    const credentials = DefaultAwsCredentialsManager.fromConfig(
      new ConfigReader({
        aws: {
          mainAccount: { accessKeyId: 'demo', secretAccessKey: 'demo' },
          accounts: fleetAwsAccounts(),
        },
      }),
    );
    for (const account of manifest.accounts) {
      const region = account.regions[0];
      const provider = await credentials.getCredentialProvider({
        accountId: account.accountId,
      });
      const cloudWatch = new CloudWatchClient({
        endpoint: aws.emulator.url,
        region: region.region,
        credentials: provider.sdkCredentialProvider,
      });
      const { alarms } = await listAllAlarms(cloudWatch);
      expect(
        alarms.every(a =>
          a.AlarmArn?.startsWith(
            `arn:aws:cloudwatch:${region.region}:${account.accountId}:alarm:`,
          ),
        ),
      ).toBe(true);
      expect(alarms).toHaveLength(region.metricAlarms + region.compositeAlarms);
      cloudWatch.destroy();
    }
  });

  it('denies one account with AccessDenied while the others work, until the knob is cleared', async () => {
    const denied = clientsOf(aws.emulator, retail.accountId, 'us-east-1');
    const allowed = clientsOf(aws.emulator, platform.accountId, 'us-east-1');
    expect(
      aws.emulator.setKnobs({ deniedAccount: retail.accountId }),
    ).toMatchObject({ deniedAccount: retail.accountId });

    await expect(
      denied.cloudWatch.send(new DescribeAlarmsCommand({})),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining(retail.accountId),
    });
    await expect(
      denied.lambda.send(new GetAccountSettingsCommand({})),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      denied.applicationSignals.send(new ListServiceLevelObjectivesCommand({})),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      allowed.cloudWatch.send(new DescribeAlarmsCommand({})),
    ).resolves.toMatchObject({ MetricAlarms: expect.any(Array) });
    expect(aws.emulator.stats()).toMatchObject({ deniedCalls: 3 });

    expect(() => aws.emulator.setKnobs({ deniedAccount: 'retail' })).toThrow(
      /12-digit AWS account ID/,
    );
    aws.emulator.setKnobs({ deniedAccount: null });
    await expect(
      denied.cloudWatch.send(new DescribeAlarmsCommand({})),
    ).resolves.toBeDefined();
    for (const clients of [denied, allowed]) {
      Object.values(clients).forEach(client => client.destroy());
    }
  });

  it('counts calls per account and region', async () => {
    const calls = [
      clientsOf(aws.emulator, retail.accountId, 'us-east-1'),
      clientsOf(aws.emulator, retail.accountId, 'eu-west-1'),
      clientsOf(aws.emulator, retail.accountId, 'eu-west-1'),
      clientsOf(aws.emulator, 'test', 'ap-northeast-1'),
    ];
    for (const { cloudWatch } of calls) {
      await cloudWatch.send(new DescribeAlarmsCommand({}));
      cloudWatch.destroy();
    }
    expect(aws.emulator.stats().byAccount).toEqual({
      [retail.accountId]: {
        'us-east-1': expect.objectContaining({ calls: { DescribeAlarms: 1 } }),
        'eu-west-1': expect.objectContaining({ calls: { DescribeAlarms: 2 } }),
      },
      '123456789012': {
        'ap-northeast-1': expect.objectContaining({
          calls: { DescribeAlarms: 1 },
        }),
      },
    });
  });

  describe('one function across the APIs', () => {
    const burning = functions.find(
      fn => fn.health === 'page' && fn.pattern === 'api',
    ) as FleetFunction;
    const clients = () =>
      clientsOf(aws.emulator, burning.accountId, burning.region);

    it('deployed its newest version when the burn began; the alias serves it', async () => {
      const { lambda, applicationSignals } = clients();
      const { FunctionVersion } = await lambda.send(
        new GetAliasCommand({ FunctionName: burning.name, Name: 'PROD' }),
      );
      expect(FunctionVersion).toBe(burning.lastDeploy.version);
      const { Versions = [] } = await lambda.send(
        new ListVersionsByFunctionCommand({ FunctionName: burning.name }),
      );
      expect(Versions.map(v => v.Version)).toEqual(
        expect.arrayContaining([
          burning.lastDeploy.previousVersion,
          burning.lastDeploy.version,
        ]),
      );
      const { ChangeEvents = [] } = await applicationSignals.send(
        new ListEntityEventsCommand({
          Entity: { Type: 'Service', Name: burning.name },
          StartTime: daysBefore(1),
          EndTime: NOW,
        }),
      );
      expect(ChangeEvents).toEqual([
        expect.objectContaining({
          ChangeEventType: 'DEPLOYMENT',
          Timestamp: minutesBefore(70),
          AccountId: burning.accountId,
          Region: burning.region,
          EventName: `Deploy v${burning.lastDeploy.version} (git ${burning.lastDeploy.gitSha})`,
        }),
      ]);
      expect(burning.lastDeploy.minutesAgo).toBe(70);
      Object.values(clients()).forEach(client => client.destroy());
    });

    it('keeps what it showed as the clock moves on: the burn goes on, its deploy and alarm stay where they were', async () => {
      const later = new Date(NOW.getTime() + 90 * MINUTE);
      const read = async () => {
        const { cloudWatch, lambda, applicationSignals } = clients();
        const { MetricDataResults = [] } = await cloudWatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: [
              lambdaQuery('errors', burning.name, 'Errors', 'Sum', 60),
            ],
            StartTime: minutesBefore(3 * 60),
            EndTime: later,
          }),
        );
        const { Timestamps = [], Values = [] } = MetricDataResults[0];
        const { MetricAlarms = [] } = await cloudWatch.send(
          new DescribeAlarmsCommand({ AlarmNames: [`${burning.name}-errors`] }),
        );
        const { Versions = [] } = await lambda.send(
          new ListVersionsByFunctionCommand({ FunctionName: burning.name }),
        );
        const { ChangeEvents = [] } = await applicationSignals.send(
          new ListEntityEventsCommand({
            Entity: { Type: 'Service', Name: burning.name },
            StartTime: daysBefore(30),
            EndTime: later,
          }),
        );
        Object.values(clients()).forEach(client => client.destroy());
        return {
          errorsByMinute: new Map(
            Timestamps.map((t, i) => [t.getTime(), Values[i]]),
          ),
          alarm: MetricAlarms.map(a => [a.StateValue, a.StateUpdatedTimestamp]),
          versions: Versions.map(v => [v.Version, v.LastModified]),
          deploys: ChangeEvents.map(e => [e.EventName, e.Timestamp]),
        };
      };
      const atStart = await read();
      aws.emulator.setNow(later);
      const { errorsByMinute, ...rest } = await read();

      const { errorsByMinute: errorsAtStart, ...restAtStart } = atStart;
      expect(rest).toEqual(restAtStart);
      expect(restAtStart.alarm).toEqual([['ALARM', expect.any(Date)]]);
      expect(errorsByMinute.size).toBe(errorsAtStart.size + 90);
      for (const [minute, errors] of errorsAtStart) {
        expect([new Date(minute), errorsByMinute.get(minute)]).toEqual([
          new Date(minute),
          errors,
        ]);
      }
      // The burn: its errors in every minute since the start, far above those before it.
      const burnErrors = errorsAtStart.get(minutesBefore(1).getTime())!;
      expect(burnErrors).toBeGreaterThan(
        10 * errorsAtStart.get(minutesBefore(71).getTime())!,
      );
      for (let m = 0; m < 90; m++) {
        expect(errorsByMinute.get(NOW.getTime() + m * MINUTE)).toBe(burnErrors);
      }
    });

    it('gives GetAccountSettings the function count of the account in the region', async () => {
      const { lambda } = clients();
      const { AccountUsage } = await lambda.send(
        new GetAccountSettingsCommand({}),
      );
      const region = manifest.accounts
        .find(a => a.accountId === burning.accountId)!
        .regions.find(r => r.region === burning.region)!;
      expect(AccountUsage?.FunctionCount).toBe(region.functions);
      lambda.destroy();
    });
  });

  it('has Application Signals SLOs whose budgets come from the same metrics', async () => {
    const withSlo = functions.filter(fn => fn.entity.applicationSignalsSlo);
    expect(withSlo.map(fn => fn.entity.applicationSignalsSlo).sort()).toEqual(
      [...manifest.applicationSignalsSlos].sort(),
    );
    for (const fn of withSlo) {
      const { applicationSignals } = clientsOf(
        aws.emulator,
        fn.accountId,
        fn.region,
      );
      const listed = await applicationSignals.send(
        new ListServiceLevelObjectivesCommand({
          KeyAttributes: { Type: 'Service', Name: fn.name },
        }),
      );
      expect(listed.SloSummaries?.map(s => s.Name)).toEqual([
        fn.entity.applicationSignalsSlo,
      ]);
      const { Reports = [] } = await applicationSignals.send(
        new BatchGetServiceLevelObjectiveBudgetReportCommand({
          SloIds: [fn.entity.applicationSignalsSlo!],
          Timestamp: NOW,
        }),
      );
      const { cloudWatch } = clientsOf(aws.emulator, fn.accountId, fn.region);
      const sums = await cloudWatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: ['Invocations', 'Errors', 'Throttles'].map(
            metric =>
              lambdaQuery(
                metric.toLowerCase(),
                fn.name,
                metric,
                'Sum',
                THIRTY_DAYS,
              ),
          ),
          StartTime: daysBefore(30),
          EndTime: NOW,
        }),
      );
      cloudWatch.destroy();
      const [invocations, errors, throttles] = (
        sums.MetricDataResults ?? []
      ).map(r => r.Values?.[0] ?? 0);
      const total = invocations + throttles;
      const bad = errors + throttles;
      expect(Reports[0].TotalBudgetRequests).toBe(Math.floor(total * 0.001));
      expect(Reports[0].Attainment).toBeCloseTo(
        ((total - bad) / total) * 100,
        6,
      );
      applicationSignals.destroy();
    }
  });
});
