import {
  CloudWatchClient,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  alarmArn,
  DEFAULT_RUNBOOK_BASE_URL,
  RunningAwsEmulator,
  startAwsEmulator,
} from '@lambda-ops/aws-emulator';
import { Alarm, LambdaFunctionRef } from '@lambda-ops/backstage-plugin-common';
import { lambdaInUsEast1 } from '../__fixtures__/functions';
import {
  AlarmsService,
  alarmRuleReferences,
  alarmsServiceRef,
} from './AlarmsService';
import { DefaultAwsClientFactory } from './AwsClientFactory';

// The emulator's clock is pinned, so alarm state timestamps are exact.
const NOW = new Date('2026-11-29T12:00:00Z');
const MINUTE_MS = 60_000;
const minutesAgo = (minutes: number) =>
  new Date(NOW.getTime() - minutes * MINUTE_MS).toISOString();

function serviceAt(
  endpoint: string,
  severityTagKey?: string,
  cache?: ReturnType<typeof mockServices.cache.mock>,
): AlarmsService {
  const clients = DefaultAwsClientFactory.create({
    credentialsManager: DefaultAwsCredentialsManager.fromConfig(
      new ConfigReader({
        aws: { mainAccount: { accessKeyId: 'test', secretAccessKey: 'test' } },
      }),
    ),
    settings: { endpoints: { cloudwatch: endpoint }, maxAttempts: 2 },
  });
  return new AlarmsService({
    clients,
    severityTagKey,
    cache,
    listingTtlMs: 300_000,
  });
}

function withQualifier(name: string, qualifier: string): LambdaFunctionRef {
  return { ...lambdaInUsEast1(name), qualifier };
}

const names = (alarms: Alarm[]) => alarms.map(alarm => alarm.name);

/** An in-memory cache that keeps values as JSON, as Backstage's stores do. */
function realCache() {
  const values = new Map<string, string>();
  return {
    get: async (key: string) =>
      values.has(key) ? JSON.parse(values.get(key)!) : undefined,
    set: async (key: string, value: unknown, _options?: { ttl?: number }) => {
      values.set(key, JSON.stringify(value));
    },
    delete: async (key: string) => {
      values.delete(key);
    },
  };
}

describe('AlarmsService', () => {
  let emulator: RunningAwsEmulator;
  let service: AlarmsService;
  let cloudWatch: CloudWatchClient;

  /** A single-metric alarm, by default on orders-api's Invocations. */
  const putMetricAlarm = (
    name: string,
    overrides: Partial<PutMetricAlarmCommandInput> = {},
  ) =>
    cloudWatch.send(
      new PutMetricAlarmCommand({
        AlarmName: name,
        Namespace: 'AWS/Lambda',
        MetricName: 'Invocations',
        Dimensions: [{ Name: 'FunctionName', Value: 'orders-api' }],
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        ...overrides,
      }),
    );

  beforeAll(async () => {
    emulator = await startAwsEmulator({ port: 0, now: NOW });
    service = serviceAt(emulator.url);
    cloudWatch = new CloudWatchClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  afterAll(async () => {
    cloudWatch.destroy();
    await emulator.stop();
  });
  beforeEach(() => emulator.reset());

  describe('where the alarms are discovered by the function’s metrics', () => {
    it('finds checkout-api’s errors, throttles and duration alarms and the composite over them', async () => {
      const alarms = await service.getAlarms(
        withQualifier('checkout-api', 'PROD'),
        { alarmPrefix: null },
      );

      // Firing pages, then firing tickets, then firing unclassified alarms.
      expect(names(alarms)).toEqual([
        'checkout-api-errors',
        'checkout-api-user-impact',
        'checkout-api-throttles',
        'checkout-api-duration',
      ]);
      const runbook = `${DEFAULT_RUNBOOK_BASE_URL}timeout.md`;
      expect(alarms).toEqual([
        {
          name: 'checkout-api-errors',
          arn: alarmArn('checkout-api-errors'),
          type: 'metric',
          metric: 'Errors',
          state: 'ALARM',
          stateSince: minutesAgo(35),
          severity: 'page',
          severitySource: 'tag',
          runbookUrl: `${runbook}#a-triage-in-3-minutes`,
          runbookProblem: null,
          kind: 'metric',
          defects: [],
        },
        {
          name: 'checkout-api-user-impact',
          arn: alarmArn('checkout-api-user-impact'),
          type: 'composite',
          metric:
            'composite: ALARM("checkout-api-errors") OR ALARM("checkout-api-duration")',
          state: 'ALARM',
          stateSince: minutesAgo(35),
          severity: 'page',
          severitySource: 'tag',
          runbookUrl: `${runbook}#a-triage-in-3-minutes`,
          runbookProblem: null,
          kind: 'composite',
          defects: [],
        },
        {
          name: 'checkout-api-throttles',
          arn: alarmArn('checkout-api-throttles'),
          type: 'metric',
          metric: 'Throttles',
          state: 'ALARM',
          stateSince: minutesAgo(38),
          severity: 'ticket',
          severitySource: 'tag',
          // Its description has no URL: a defect the coverage scorecard shows.
          runbookUrl: null,
          runbookProblem: null,
          kind: 'metric',
          defects: ['no-runbook'],
        },
        {
          name: 'checkout-api-duration',
          arn: alarmArn('checkout-api-duration'),
          type: 'metric',
          metric: 'Duration',
          state: 'ALARM',
          stateSince: minutesAgo(37),
          severity: 'unclassified',
          severitySource: null,
          runbookUrl: runbook,
          runbookProblem: null,
          kind: 'metric',
          defects: ['unclassified'],
        },
      ]);
      // One listing of the account and region, matched here: never a call per metric.
      expect(emulator.stats().calls).toEqual({
        DescribeAlarms: 1,
        ListTagsForResource: 4,
      });
    });

    it('reuses the cached listing and tags for the next function and the next page', async () => {
      const cached = serviceAt(
        emulator.url,
        undefined,
        mockServices.cache.mock({ ...realCache() }),
      );
      const first = await cached.getAlarms(
        withQualifier('checkout-api', 'PROD'),
        {
          alarmPrefix: null,
        },
      );
      const again = await cached.getAlarms(
        withQualifier('checkout-api', 'PROD'),
        {
          alarmPrefix: null,
        },
      );
      await cached.getAlarms(lambdaInUsEast1('orders-api'), {
        alarmPrefix: null,
      });

      expect(again).toEqual(first);
      const calls = emulator.stats().calls;
      expect(calls.DescribeAlarms).toBe(1);
      expect(calls.DescribeAlarmsForMetric).toBeUndefined();
      // The second look at checkout-api reads its 4 alarms' tags from the cache.
      expect(calls.ListTagsForResource).toBe(
        4 +
          (
            await service.getAlarms(lambdaInUsEast1('orders-api'), {
              alarmPrefix: null,
            })
          ).length,
      );
    });

    it('keeps each alarm’s tags between once and twice the tags TTL, longer than the listing', async () => {
      const cache = realCache();
      const set = jest.fn(cache.set);
      const tagsKeptLonger = new AlarmsService({
        clients: DefaultAwsClientFactory.create({
          credentialsManager: DefaultAwsCredentialsManager.fromConfig(
            new ConfigReader({
              aws: {
                mainAccount: { accessKeyId: 'test', secretAccessKey: 'test' },
              },
            }),
          ),
          settings: { endpoints: { cloudwatch: emulator.url }, maxAttempts: 2 },
        }),
        cache: mockServices.cache.mock({ ...cache, set }),
        listingTtlMs: 300_000,
        tagsTtlMs: 3_600_000,
      });
      await tagsKeptLonger.getAlarms(withQualifier('checkout-api', 'PROD'), {
        alarmPrefix: null,
      });
      const ttlOf = (prefix: string) =>
        set.mock.calls
          .filter(([key]) => key.startsWith(prefix))
          .map(([, , options]) => (options as { ttl: number }).ttl);
      expect(ttlOf('alarm-listing:')).toEqual([300_000]);
      const tagTtls = ttlOf('alarm-tags:');
      expect(tagTtls).toHaveLength(4);
      for (const ttl of tagTtls) {
        expect(ttl).toBeGreaterThanOrEqual(3_600_000);
        expect(ttl).toBeLessThanOrEqual(7_200_000);
      }
    });

    it('matches a fleet refresh against the listing made at its start, however old', async () => {
      // Without a cache a page lists afresh every time; a fleet refresh lists once.
      const uncached = serviceAt(emulator.url);
      await uncached.refreshListing(lambdaInUsEast1('checkout-api'));
      const fromRefresh = await uncached.getAlarms(
        withQualifier('checkout-api', 'PROD'),
        { alarmPrefix: null, fromRefreshedListing: true },
      );
      expect(emulator.stats().calls.DescribeAlarms).toBe(1);

      const onPage = await uncached.getAlarms(
        withQualifier('checkout-api', 'PROD'),
        { alarmPrefix: null },
      );
      expect(emulator.stats().calls.DescribeAlarms).toBe(2);
      expect(fromRefresh).toEqual(onPage);
      expect(fromRefresh.length).toBeGreaterThan(0);
    });

    it('finds alarms on the qualifier’s Resource dimension, not on another alias', async () => {
      const dimensions = (alias: string) => [
        { Name: 'FunctionName', Value: 'checkout-api' },
        { Name: 'Resource', Value: `checkout-api:${alias}` },
      ];
      await putMetricAlarm('checkout-api-prod-errors', {
        MetricName: 'Errors',
        Dimensions: dimensions('PROD'),
      });
      await putMetricAlarm('checkout-api-staging-errors', {
        MetricName: 'Errors',
        Dimensions: dimensions('STAGING'),
      });

      const alarms = await service.getAlarms(
        withQualifier('checkout-api', 'PROD'),
        { alarmPrefix: null },
      );

      expect(names(alarms)).toContain('checkout-api-prod-errors');
      expect(names(alarms)).not.toContain('checkout-api-staging-errors');
      expect(
        alarms.find(a => a.name === 'checkout-api-prod-errors'),
      ).toMatchObject({
        state: 'INSUFFICIENT_DATA',
        stateSince: NOW.toISOString(),
      });
    });

    it('finds billing-events’ dead-letter alarm and its metric-math error-rate alarm', async () => {
      const alarms = await service.getAlarms(
        lambdaInUsEast1('billing-events'),
        {
          alarmPrefix: null,
        },
      );

      expect(alarms).toEqual([
        expect.objectContaining({
          name: 'billing-events-dlq',
          type: 'metric',
          kind: 'metric',
          metric: 'DeadLetterErrors',
          state: 'ALARM',
          stateSince: minutesAgo(30),
          severity: 'ticket',
          runbookUrl: `${DEFAULT_RUNBOOK_BASE_URL}dlq-growth.md#a-triage-in-3-minutes`,
        }),
        expect.objectContaining({
          name: 'billing-events-error-rate',
          type: 'metric',
          kind: 'metric-math',
          metric: 'metric math: 100*e/i',
          state: 'OK',
          stateSince: minutesAgo(2 * 24 * 60),
          severity: 'ticket',
          severitySource: 'tag',
          runbookUrl: `${DEFAULT_RUNBOOK_BASE_URL}dlq-growth.md`,
        }),
      ]);
    });

    it('finds nothing for a function without alarms', async () => {
      await expect(
        service.getAlarms(lambdaInUsEast1('legacy-api'), { alarmPrefix: null }),
      ).resolves.toEqual([]);
      expect(emulator.stats().calls.ListTagsForResource).toBeUndefined();
    });
  });

  describe('where composite alarms refer to the function’s alarms', () => {
    it('finds composites by unquoted name, by ARN and over other composites', async () => {
      await cloudWatch.send(
        new PutCompositeAlarmCommand({
          AlarmName: 'z-orders-api-unquoted',
          AlarmRule: 'ALARM(orders-api-errors) AND NOT OK(other-alarm)',
        }),
      );
      await cloudWatch.send(
        new PutCompositeAlarmCommand({
          AlarmName: 'z-orders-api-by-arn',
          AlarmRule: `INSUFFICIENT_DATA("${alarmArn(
            'orders-api-latency-p95',
          )}")`,
        }),
      );
      await cloudWatch.send(
        new PutCompositeAlarmCommand({
          AlarmName: 'a-orders-api-over-composite',
          AlarmRule: 'ALARM("z-orders-api-by-arn")',
        }),
      );
      await cloudWatch.send(
        new PutCompositeAlarmCommand({
          AlarmName: 'unrelated-composite',
          AlarmRule: 'ALARM("checkout-api-errors-old")',
        }),
      );

      const alarms = await service.getAlarms(lambdaInUsEast1('orders-api'), {
        alarmPrefix: null,
      });

      expect(names(alarms)).toEqual([
        'a-orders-api-over-composite',
        'orders-api-errors',
        'orders-api-latency-p95',
        'z-orders-api-by-arn',
        'z-orders-api-unquoted',
      ]);
    });

    it.each([
      ['ALARM("a") OR ALARM("b")', ['a', 'b']],
      ['ALARM(a) AND NOT OK( b )', ['a', 'b']],
      [
        'INSUFFICIENT_DATA("arn:aws:cloudwatch:us-east-1:1:alarm:x")',
        ['arn:aws:cloudwatch:us-east-1:1:alarm:x'],
      ],
      ['(ALARM("a (1)") OR TRUE) AND FALSE', ['a (1)']],
      ['ALARM("say \\"hi\\"")', ['say "hi"']],
      ['AT_LEAST(2, ALARM, ("a", "b", "c"))', ['a', 'b', 'c']],
      ['TRUE', []],
    ])('reads the references of %s', (rule, expected) => {
      expect(alarmRuleReferences(rule)).toEqual(expected);
    });
  });

  describe('where the entity names an alarm prefix', () => {
    it('adds the alarms whose names start with it, whatever they watch', async () => {
      await putMetricAlarm('orders-api-5xx', {
        Namespace: 'AWS/ApiGateway',
        MetricName: '5XXError',
        Dimensions: [{ Name: 'ApiName', Value: 'orders' }],
      });

      const alarms = await service.getAlarms(lambdaInUsEast1('orders-api'), {
        alarmPrefix: 'orders-api-',
      });

      // orders-api-errors is found both by its metric and by the prefix, and listed once.
      expect(names(alarms)).toEqual([
        'orders-api-5xx',
        'orders-api-errors',
        'orders-api-latency-p95',
      ]);
      expect(emulator.stats().calls.DescribeAlarms).toBe(1);
    });

    it('adds another function’s alarms when the prefix names them', async () => {
      const alarms = await service.getAlarms(lambdaInUsEast1('orders-api'), {
        alarmPrefix: 'nightly-',
      });
      expect(names(alarms)).toEqual([
        'nightly-report-errors',
        'orders-api-errors',
        'orders-api-latency-p95',
      ]);
    });

    it('follows DescribeAlarms pages of 100 to the end', async () => {
      const bulk = Array.from(
        { length: 150 },
        (_, i) => `bulk-orders-${String(i).padStart(3, '0')}`,
      );
      for (const name of bulk) {
        await putMetricAlarm(name, {
          Namespace: 'Custom/Orders',
          MetricName: 'Backlog',
          Dimensions: [],
        });
      }
      emulator.resetStats();

      const alarms = await service.getAlarms(lambdaInUsEast1('orders-api'), {
        alarmPrefix: 'bulk-orders-',
      });

      expect(names(alarms)).toEqual([
        ...bulk,
        'orders-api-errors',
        'orders-api-latency-p95',
      ]);
      // 9 scenario alarms and 150 more: two pages.
      expect(emulator.stats().calls.DescribeAlarms).toBe(2);
      expect(emulator.stats().calls.ListTagsForResource).toBe(152);
    });
  });

  describe('where alarms are classified', () => {
    it('reads the severity from the tag, else from a page or ticket word in the name', async () => {
      await putMetricAlarm('orders-api-cold-starts-page', {
        MetricName: 'Duration',
      });
      await putMetricAlarm('[Ticket] orders-api concurrency', {
        MetricName: 'ConcurrentExecutions',
      });
      await putMetricAlarm('orders-api-invocations-ticket', {
        Tags: [{ Key: 'severity', Value: ' PAGE ' }],
      });
      await putMetricAlarm('orders-api-pager-sync', {
        MetricName: 'Throttles',
        Tags: [{ Key: 'severity', Value: 'critical' }],
      });

      const alarms = await service.getAlarms(lambdaInUsEast1('orders-api'), {
        alarmPrefix: null,
      });
      const severities = Object.fromEntries(
        alarms.map(a => [a.name, [a.severity, a.severitySource]]),
      );

      expect(severities).toEqual({
        'orders-api-errors': ['page', 'tag'],
        'orders-api-latency-p95': ['ticket', 'tag'],
        'orders-api-cold-starts-page': ['page', 'name'],
        '[Ticket] orders-api concurrency': ['ticket', 'name'],
        'orders-api-invocations-ticket': ['page', 'tag'],
        'orders-api-pager-sync': ['unclassified', null],
      });
    });

    it('reads the severity from the configured tag key', async () => {
      await putMetricAlarm('orders-api-invocations', {
        Tags: [
          { Key: 'urgency', Value: 'ticket' },
          { Key: 'severity', Value: 'page' },
        ],
      });

      const alarms = await serviceAt(emulator.url, 'urgency').getAlarms(
        lambdaInUsEast1('orders-api'),
        { alarmPrefix: null },
      );

      expect(alarms.map(a => [a.name, a.severity, a.severitySource])).toEqual([
        ['orders-api-errors', 'unclassified', null],
        ['orders-api-invocations', 'ticket', 'tag'],
        ['orders-api-latency-p95', 'unclassified', null],
      ]);
    });
  });

  it('is wired with the tag key of lambdaOps.severity.tagKey by its default factory', async () => {
    let alarms: AlarmsService | undefined;
    const probe = createBackendPlugin({
      pluginId: 'probe',
      register(env) {
        env.registerInit({
          deps: { service: alarmsServiceRef },
          async init({ service: injected }) {
            alarms = injected;
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        probe,
        mockServices.rootConfig.factory({
          data: {
            aws: {
              mainAccount: { accessKeyId: 'test', secretAccessKey: 'test' },
            },
            lambdaOps: {
              aws: { endpoints: { cloudwatch: emulator.url } },
              severity: { tagKey: 'urgency' },
            },
          },
        }),
      ],
    });
    try {
      await putMetricAlarm('orders-api-invocations', {
        Tags: [{ Key: 'urgency', Value: 'ticket' }],
      });
      const found = await alarms!.getAlarms(lambdaInUsEast1('orders-api'), {
        alarmPrefix: null,
      });
      expect(found.map(a => [a.name, a.severity, a.severitySource])).toEqual([
        ['orders-api-errors', 'unclassified', null],
        ['orders-api-invocations', 'ticket', 'tag'],
        ['orders-api-latency-p95', 'unclassified', null],
      ]);
    } finally {
      await backend.stop();
    }
  });

  describe('where runbook links are read', () => {
    it('never gives nightly-report-errors the javascript: link of its description', async () => {
      const [alarm] = await service.getAlarms(
        lambdaInUsEast1('nightly-report'),
        {
          alarmPrefix: null,
        },
      );
      expect(alarm).toMatchObject({
        name: 'nightly-report-errors',
        runbookUrl: null,
        severity: 'unclassified',
        severitySource: null,
      });
    });

    it('takes the first http(s) URL of the description, else the runbook tag', async () => {
      await putMetricAlarm('orders-api-a-tagged', {
        AlarmDescription: 'No link here, see the tag.',
        Tags: [
          { Key: 'Runbook', Value: 'https://wiki.example.com/orders#tagged' },
        ],
      });
      await putMetricAlarm('orders-api-b-markdown', {
        MetricName: 'Throttles',
        AlarmDescription:
          'Throttled. [Runbook](https://wiki.example.com/orders#throttles), or https://other.example/',
        Tags: [{ Key: 'runbook', Value: 'https://wiki.example.com/ignored' }],
      });
      await putMetricAlarm('orders-api-c-none', {
        MetricName: 'IteratorAge',
        AlarmDescription: 'Runbook: data:text/html,<script>alert(1)</script>',
        // Hostile input under test: it must never come back as a runbook link.
        // eslint-disable-next-line no-script-url
        Tags: [{ Key: 'runbook', Value: 'javascript:alert(1)' }],
      });

      const alarms = await service.getAlarms(lambdaInUsEast1('orders-api'), {
        alarmPrefix: null,
      });
      const links = Object.fromEntries(alarms.map(a => [a.name, a.runbookUrl]));

      expect(links).toMatchObject({
        'orders-api-a-tagged': 'https://wiki.example.com/orders#tagged',
        'orders-api-b-markdown': 'https://wiki.example.com/orders#throttles',
        'orders-api-c-none': null,
        'orders-api-errors': `${DEFAULT_RUNBOOK_BASE_URL}orders-api.md#errors`,
      });
    });
  });

  it('sorts firing pages, tickets and unclassified alarms first, then the rest by name', async () => {
    const alarms = await service.getAlarms(
      withQualifier('checkout-api', 'PROD'),
      { alarmPrefix: 'o' },
    );
    expect(alarms.map(a => [a.name, a.state, a.severity])).toEqual([
      ['checkout-api-errors', 'ALARM', 'page'],
      ['checkout-api-user-impact', 'ALARM', 'page'],
      ['checkout-api-throttles', 'ALARM', 'ticket'],
      ['checkout-api-duration', 'ALARM', 'unclassified'],
      ['orders-api-errors', 'OK', 'page'],
      ['orders-api-latency-p95', 'OK', 'ticket'],
    ]);
  });

  describe('where AWS fails', () => {
    it('rides out throttling with the SDK retry', async () => {
      emulator.setKnobs({ throttle: { count: 1 } });

      const alarms = await service.getAlarms(
        lambdaInUsEast1('billing-events'),
        {
          alarmPrefix: null,
        },
      );

      expect(names(alarms)).toEqual([
        'billing-events-dlq',
        'billing-events-error-rate',
      ]);
      expect(emulator.stats().throttledCalls).toBe(1);
    });

    it('throws a ServiceUnavailableError that says where, during an outage', async () => {
      emulator.setKnobs({ outage: true });

      await expect(
        service.getAlarms(lambdaInUsEast1('checkout-api'), {
          alarmPrefix: null,
        }),
      ).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(
          /^CloudWatch in us-east-1 is unavailable \(ServiceUnavailable/,
        ),
      });
    });
  });
});
