import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { startAwsEmulator, RunningAwsEmulator } from '@lambda-ops/aws-emulator';
import { DefaultAwsClientFactory } from './AwsClientFactory';
import { OperationsService } from './OperationsService';
import { inMemoryLambdaOpsMetrics } from '../__testUtils__/inMemoryMetrics';

describe('the plugin’s own metrics', () => {
  let emulator: RunningAwsEmulator;
  let recorded: ReturnType<typeof inMemoryLambdaOpsMetrics>;
  let metrics: typeof recorded.metrics;

  beforeAll(async () => {
    emulator = await startAwsEmulator({ port: 0 });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
    recorded = inMemoryLambdaOpsMetrics();
    metrics = recorded.metrics;
  });

  it('counts AWS calls by service, operation and outcome, and throttles', async () => {
    const clients = DefaultAwsClientFactory.create({
      credentialsManager: DefaultAwsCredentialsManager.fromConfig(
        new ConfigReader({
          aws: {
            mainAccount: { accessKeyId: 'test', secretAccessKey: 'test' },
          },
        }),
      ),
      settings: { endpoints: { cloudwatch: emulator.url }, maxAttempts: 1 },
      metrics,
    });
    const cloudWatch = await clients.cloudWatch({
      accountId: null,
      region: 'us-east-1',
    });
    await cloudWatch.send(new DescribeAlarmsCommand({}));
    await cloudWatch.send(new DescribeAlarmsCommand({}));
    emulator.setKnobs({ throttle: { count: 1 } });
    await expect(
      cloudWatch.send(new DescribeAlarmsCommand({})),
    ).rejects.toThrow();

    const points = await recorded.points();
    expect(points['lambda_ops.aws.calls']).toEqual({
      '{"service":"cloudwatch","operation":"DescribeAlarms","outcome":"success"}': 2,
      '{"service":"cloudwatch","operation":"DescribeAlarms","outcome":"throttled"}': 1,
    });
    expect(points['lambda_ops.aws.throttles']).toEqual({
      '{"service":"cloudwatch","operation":"DescribeAlarms"}': 1,
    });
  });

  it('counts cache hits and misses of the tab, and stale answers', async () => {
    const response = {
      entityRef: 'component:default/orders-api',
      problems: [],
    };
    let awsDown = false;
    const cache = mockServices.cache.mock();
    const stored = new Map<string, unknown>();
    cache.get.mockImplementation(async key => stored.get(key) as any);
    cache.set.mockImplementation(async (key, value) => {
      stored.set(key, value);
    });
    let now = new Date('2026-11-29T12:00:00Z');
    const service = new OperationsService({
      entities: {
        resolve: async () => ({
          entityRef: response.entityRef,
          entity: {},
          settings: {
            functions: [{ name: 'orders-api' }],
            runbook: null,
            problems: [],
          },
        }),
      } as any,
      slos: {
        computeSlos: async () => {
          if (awsDown) throw new Error('CloudWatch: connection refused');
          return {
            slos: [{}],
            dataLag: null,
            alongside: new Map(),
            problems: [],
          };
        },
      } as any,
      applicationSignals: {
        getSlos: async () => {
          if (awsDown)
            throw new Error('Application Signals: connection refused');
          return { slos: [], problems: [] };
        },
      } as any,
      changeEvents: { listChangeEvents: async () => [] } as any,
      alarms: { getAlarms: async () => [] } as any,
      triage: {
        saturationQueries: () => ({ queries: [], spanMs: 0 }),
        triage: async () => ({ checks: [], rollback: null }),
      } as any,
      runbooks: {} as any,
      deployMarkers: { listForFunctions: async () => ({ items: [] }) } as any,
      cache,
      logger: mockServices.logger.mock(),
      ttlMs: 60_000,
      staleTtlMs: 86_400_000,
      now: () => now,
      metrics,
    });
    const ref = { namespace: 'default', kind: 'component', name: 'orders-api' };
    const credentials = {} as any;

    await service.getOperations(ref, credentials); // miss, computed
    await service.getOperations(ref, credentials); // hit
    now = new Date(now.getTime() + 120_000);
    awsDown = true;
    const stale = await service.getOperations(ref, credentials); // miss, stale
    expect(stale.stale).toBe(true);

    const points = await recorded.points();
    expect(points['lambda_ops.cache.lookups']).toEqual({
      '{"result":"miss"}': 2,
      '{"result":"hit"}': 1,
    });
    expect(points['lambda_ops.stale_answers']).toEqual({ '{}': 1 });
  });
});
