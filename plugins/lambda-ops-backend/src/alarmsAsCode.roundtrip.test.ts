import {
  CloudWatchClient,
  CompositeAlarm,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  MetricAlarm,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  RunningAwsEmulator,
  SCENARIO_ALARM_NAMES,
  startAwsEmulator,
} from '@lambda-ops/aws-emulator';
import {
  AlarmTemplate,
  extractRunbookUrl,
  generateAlarmTemplate,
  parseLambdaOpsAnnotations,
  toPutAlarmInputs,
} from '@lambda-ops/backstage-plugin-common';
import { component, testEntities } from './__fixtures__/entities';

/**
 * Alarms as code, end to end at the wire level: the template generated for checkout-api is
 * applied with the real CloudWatch SDK (its serializers run) and read back, so what the
 * generator writes is what CloudWatch stores and what Lambda Ops later classifies and links.
 */

const NOW = new Date('2026-11-29T12:00:00Z');
const RUNBOOK = 'https://runbooks.example.com/checkout-api.md';
const PREFIX = 'checkout-api-';

/** checkout-api of the test catalog, with a runbook. */
const checkoutApi = component('checkout-api', {
  ...testEntities.find(entity => entity.metadata.name === 'checkout-api')!
    .metadata.annotations,
  'lambda-ops/runbook': RUNBOOK,
});

async function describeAllWithPrefix(cloudWatch: CloudWatchClient) {
  const metricAlarms: MetricAlarm[] = [];
  const compositeAlarms: CompositeAlarm[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cloudWatch.send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: PREFIX,
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        NextToken,
      }),
    );
    metricAlarms.push(...(page.MetricAlarms ?? []));
    compositeAlarms.push(...(page.CompositeAlarms ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return { metricAlarms, compositeAlarms };
}

describe('alarms as code, applied to CloudWatch and read back', () => {
  let emulator: RunningAwsEmulator;
  let cloudWatch: CloudWatchClient;
  let template: AlarmTemplate;

  beforeAll(async () => {
    emulator = await startAwsEmulator({ port: 0, now: NOW });
    cloudWatch = new CloudWatchClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });

    const settings = parseLambdaOpsAnnotations(checkoutApi);
    template = generateAlarmTemplate({
      functions: settings.functions,
      settings,
      runbookUrl: settings.runbook,
      entityName: 'component:default/checkout-api',
    });
    const { metricAlarms, compositeAlarms } = toPutAlarmInputs(template.yaml);
    for (const input of metricAlarms) {
      await cloudWatch.send(new PutMetricAlarmCommand(input));
    }
    // The composites' rules name the metric alarms, which now exist.
    for (const input of compositeAlarms) {
      await cloudWatch.send(new PutCompositeAlarmCommand(input));
    }
  });

  afterAll(async () => {
    cloudWatch?.destroy();
    await emulator?.stop();
  });

  it('generates the api set for checkout-api: three burn-rate rows and two tickets, no warning', () => {
    expect(template.warnings).toEqual([]);
    expect(template.alarms.filter(a => a.kind === 'burn-rate')).toHaveLength(3);
    expect(
      template.alarms.filter(a => a.kind === 'burn-rate-window'),
    ).toHaveLength(6);
    expect(template.alarms.map(a => a.name)).toEqual(
      expect.arrayContaining([
        'checkout-api-latency-p95-ticket',
        'checkout-api-throttles-ticket',
      ]),
    );
    // Generated names never overwrite the hand-made alarms of the scenario.
    expect(
      template.alarms.filter(a =>
        (SCENARIO_ALARM_NAMES as readonly string[]).includes(a.name),
      ),
    ).toEqual([]);
  });

  it('finds every generated alarm with its type, severity tag and runbook link', async () => {
    const { metricAlarms, compositeAlarms } = await describeAllWithPrefix(
      cloudWatch,
    );
    const described = new Map<string, MetricAlarm | CompositeAlarm>([
      ...metricAlarms.map(a => [a.AlarmName!, a] as const),
      ...compositeAlarms.map(a => [a.AlarmName!, a] as const),
    ]);

    for (const alarm of template.alarms) {
      const stored = described.get(alarm.name);
      expect(stored).toBeDefined();
      expect(
        alarm.type === 'composite'
          ? compositeAlarms.includes(stored as CompositeAlarm)
          : metricAlarms.includes(stored as MetricAlarm),
      ).toBe(true);
      expect(stored!.ActionsEnabled).toBe(alarm.notifies);
      expect(stored!.StateValue).toBe('INSUFFICIENT_DATA');

      expect(alarm.runbookUrl).toBe(`${RUNBOOK}#a-triage-in-3-minutes`);
      expect(extractRunbookUrl({ description: stored!.AlarmDescription })).toBe(
        alarm.runbookUrl,
      );

      const { Tags } = await cloudWatch.send(
        new ListTagsForResourceCommand({ ResourceARN: stored!.AlarmArn }),
      );
      expect(Tags).toEqual([{ Key: 'severity', Value: alarm.severity }]);
    }
  });

  it('stores the burn-rate math and the composite rules as generated', async () => {
    const { metricAlarms, compositeAlarms } = await describeAllWithPrefix(
      cloudWatch,
    );
    const requests = toPutAlarmInputs(template.yaml);

    for (const request of requests.metricAlarms) {
      const { Tags: _tags, ...sent } = request;
      const stored = metricAlarms.find(a => a.AlarmName === sent.AlarmName);
      expect(stored).toMatchObject(sent);
    }
    const page = compositeAlarms.find(
      a => a.AlarmName === 'checkout-api-availability-page-1h-5m',
    );
    expect(page?.AlarmRule).toBe(
      'ALARM("checkout-api-availability-page-1h-5m-long") AND ALARM("checkout-api-availability-page-1h-5m-short")',
    );
    const ticketLong = metricAlarms.find(
      a => a.AlarmName === 'checkout-api-availability-ticket-3d-6h-long',
    );
    expect(ticketLong).toMatchObject({
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: 1,
    });
    expect(
      ticketLong?.Metrics?.find(m => m.Id === 'invocations')?.MetricStat,
    ).toMatchObject({
      Period: 86_400,
      Stat: 'Sum',
      Metric: {
        Dimensions: [
          { Name: 'FunctionName', Value: 'checkout-api' },
          { Name: 'Resource', Value: 'checkout-api:PROD' },
        ],
      },
    });
  });
});
