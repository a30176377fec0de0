import {
  DescribeAlarmsCommand,
  DescribeAlarmsCommandInput,
  DescribeAlarmsForMetricCommand,
  ListTagsForResourceCommand,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { minutesBefore, NOW, useEmulator } from '../__testUtils__/emulator';
import { SCENARIO_ALARM_NAMES } from '../scenarios/alarms';
import { startAwsEmulator } from '../server';

const arn = (name: string) =>
  `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
const RUNBOOKS = 'http://localhost:4599/runbooks/';

describe('CloudWatch alarms', () => {
  const aws = useEmulator();

  const describe_ = (input: DescribeAlarmsCommandInput = {}) =>
    aws.cloudWatch.send(new DescribeAlarmsCommand(input));
  const namesOf = (alarms?: Array<{ AlarmName?: string }>) =>
    alarms?.map(a => a.AlarmName);

  it('returns only metric alarms, sorted by name, when AlarmTypes is left out', async () => {
    const output = await describe_();
    expect(namesOf(output.MetricAlarms)).toEqual([
      'billing-events-dlq',
      'billing-events-error-rate',
      'checkout-api-duration',
      'checkout-api-errors',
      'checkout-api-throttles',
      'nightly-report-errors',
      'orders-api-errors',
      'orders-api-latency-p95',
    ]);
    expect(output.CompositeAlarms).toEqual([]);
    expect(output.NextToken).toBeUndefined();
  });

  it('returns the composite alarm when asked for it', async () => {
    const output = await describe_({
      AlarmTypes: ['CompositeAlarm'],
      AlarmNamePrefix: 'checkout-api',
    });
    expect(output.MetricAlarms).toEqual([]);
    expect(output.CompositeAlarms).toEqual([
      expect.objectContaining({
        AlarmName: 'checkout-api-user-impact',
        AlarmArn: arn('checkout-api-user-impact'),
        AlarmRule:
          'ALARM("checkout-api-errors") OR ALARM("checkout-api-duration")',
        StateValue: 'ALARM',
        StateUpdatedTimestamp: minutesBefore(35),
        AlarmDescription: expect.stringContaining(
          `Runbook: ${RUNBOOKS}timeout.md#a-triage-in-3-minutes`,
        ),
      }),
    ]);
  });

  it('describes the scenario alarms with states relative to the clock and runbook links', async () => {
    const output = await describe_({
      AlarmNames: [
        'checkout-api-errors',
        'checkout-api-throttles',
        'orders-api-latency-p95',
        'nightly-report-errors',
      ],
    });
    const byName = Object.fromEntries(
      (output.MetricAlarms ?? []).map(a => [a.AlarmName, a]),
    );
    expect(byName['checkout-api-errors']).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: 'checkout-api' }],
      Statistic: 'Sum',
      StateValue: 'ALARM',
      StateUpdatedTimestamp: minutesBefore(35),
      AlarmDescription: expect.stringContaining(
        `${RUNBOOKS}timeout.md#a-triage-in-3-minutes`,
      ),
    });
    expect(byName['checkout-api-throttles']).toMatchObject({
      StateValue: 'ALARM',
      StateUpdatedTimestamp: minutesBefore(38),
    });
    expect(byName['checkout-api-throttles'].AlarmDescription).not.toMatch(
      /https?:\/\//,
    );
    expect(byName['orders-api-latency-p95']).toMatchObject({
      ExtendedStatistic: 'p95',
      StateValue: 'OK',
    });
    expect(byName['orders-api-latency-p95'].Statistic).toBeUndefined();
    expect(byName['nightly-report-errors'].AlarmDescription).toMatch(
      /javascript:alert\(1\)/,
    );
    expect(byName['nightly-report-errors'].AlarmDescription).not.toMatch(
      /https?:\/\//,
    );

    aws.emulator.setNow(new Date(NOW.getTime() + 10 * 60_000));
    const later = await describe_({ AlarmNames: ['checkout-api-errors'] });
    expect(later.MetricAlarms?.[0].StateUpdatedTimestamp).toEqual(
      minutesBefore(25),
    );
  });

  it('describes the metric-math alarm with its Metrics', async () => {
    const output = await describe_({
      AlarmNames: ['billing-events-error-rate'],
    });
    expect(output.MetricAlarms?.[0]).toMatchObject({
      StateValue: 'OK',
      Metrics: expect.arrayContaining([
        expect.objectContaining({ Id: 'error_rate', Expression: '100*e/i' }),
        expect.objectContaining({
          Id: 'e',
          MetricStat: expect.objectContaining({ Stat: 'Sum' }),
        }),
      ]),
    });
    expect(output.MetricAlarms?.[0].MetricName).toBeUndefined();
  });

  it('filters by StateValue and ActionPrefix', async () => {
    const inAlarm = await describe_({
      StateValue: 'ALARM',
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    });
    expect(namesOf(inAlarm.MetricAlarms)).toEqual([
      'billing-events-dlq',
      'checkout-api-duration',
      'checkout-api-errors',
      'checkout-api-throttles',
    ]);
    expect(namesOf(inAlarm.CompositeAlarms)).toEqual([
      'checkout-api-user-impact',
    ]);
    const paging = await describe_({
      ActionPrefix: 'arn:aws:sns:us-east-1:123456789012:oncall-page',
    });
    expect(namesOf(paging.MetricAlarms)).toEqual([
      'checkout-api-errors',
      'orders-api-errors',
    ]);
  });

  it('pages with MaxRecords and NextToken across both alarm types', async () => {
    const names: string[] = [];
    const pageSizes: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await describe_({
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 4,
        NextToken: nextToken,
      });
      const pageNames = [
        ...(namesOf(page.MetricAlarms) ?? []),
        ...(namesOf(page.CompositeAlarms) ?? []),
      ] as string[];
      pageSizes.push(pageNames.length);
      names.push(...pageNames);
      nextToken = page.NextToken;
    } while (nextToken);
    expect(pageSizes).toEqual([4, 4, 1]);
    expect([...names].sort()).toEqual([...SCENARIO_ALARM_NAMES]);
  });

  it('rejects MaxRecords above 100 and AlarmNames together with AlarmNamePrefix', async () => {
    await expect(describe_({ MaxRecords: 101 })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      describe_({ AlarmNames: ['a'], AlarmNamePrefix: 'a' }),
    ).rejects.toMatchObject({
      name: 'InvalidParameterCombinationException',
    });
  });

  it('finds the alarms of one metric by namespace, name and exact dimensions', async () => {
    const forMetric = (
      Dimensions: Array<{ Name: string; Value: string }>,
      extra = {},
    ) =>
      aws.cloudWatch.send(
        new DescribeAlarmsForMetricCommand({
          Namespace: 'AWS/Lambda',
          MetricName: 'Duration',
          Dimensions,
          ...extra,
        }),
      );
    const fn = { Name: 'FunctionName', Value: 'checkout-api' };
    expect(namesOf((await forMetric([fn])).MetricAlarms)).toEqual([
      'checkout-api-duration',
    ]);
    expect(
      namesOf(
        (await forMetric([fn], { ExtendedStatistic: 'p95' })).MetricAlarms,
      ),
    ).toEqual([]);
    expect(
      namesOf(
        (
          await forMetric([
            fn,
            { Name: 'Resource', Value: 'checkout-api:PROD' },
          ])
        ).MetricAlarms,
      ),
    ).toEqual([]);
    expect(namesOf((await forMetric([])).MetricAlarms)).toEqual([]);
  });

  it('lists the tags of an alarm by ARN', async () => {
    const tagsOf = (name: string) =>
      aws.cloudWatch.send(
        new ListTagsForResourceCommand({ ResourceARN: arn(name) }),
      );
    expect((await tagsOf('orders-api-errors')).Tags).toEqual(
      expect.arrayContaining([{ Key: 'severity', Value: 'page' }]),
    );
    expect(
      (await tagsOf('checkout-api-duration')).Tags?.some(
        t => t.Key === 'severity',
      ),
    ).toBe(false);
    expect((await tagsOf('nightly-report-errors')).Tags).toEqual([]);
    await expect(tagsOf('no-such-alarm')).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('creates an alarm with PutMetricAlarm in INSUFFICIENT_DATA, keeps tags of the first put', async () => {
    const put = (threshold: number, severity: string) =>
      aws.cloudWatch.send(
        new PutMetricAlarmCommand({
          AlarmName: 'orders-api-throttles',
          AlarmDescription: `Runbook: ${RUNBOOKS}orders-api.md#throttles`,
          Namespace: 'AWS/Lambda',
          MetricName: 'Throttles',
          Dimensions: [{ Name: 'FunctionName', Value: 'orders-api' }],
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: threshold,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          Tags: [{ Key: 'severity', Value: severity }],
        }),
      );
    await put(1, 'ticket');
    const created = await describe_({ AlarmNames: ['orders-api-throttles'] });
    expect(created.MetricAlarms?.[0]).toMatchObject({
      AlarmArn: arn('orders-api-throttles'),
      StateValue: 'INSUFFICIENT_DATA',
      StateUpdatedTimestamp: NOW,
      Threshold: 1,
    });
    await put(5, 'page');
    const updated = await describe_({ AlarmNames: ['orders-api-throttles'] });
    expect(updated.MetricAlarms?.[0].Threshold).toBe(5);
    const tags = await aws.cloudWatch.send(
      new ListTagsForResourceCommand({
        ResourceARN: arn('orders-api-throttles'),
      }),
    );
    expect(tags.Tags).toEqual([{ Key: 'severity', Value: 'ticket' }]);

    aws.emulator.reset();
    expect(
      (await describe_({ AlarmNames: ['orders-api-throttles'] })).MetricAlarms,
    ).toEqual([]);
  });

  it('replaces a scenario alarm and keeps its state; adds composite alarms', async () => {
    await aws.cloudWatch.send(
      new PutMetricAlarmCommand({
        AlarmName: 'checkout-api-errors',
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: 'checkout-api' }],
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 2,
        Threshold: 10,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
    const replaced = (await describe_({ AlarmNames: ['checkout-api-errors'] }))
      .MetricAlarms?.[0];
    expect(replaced).toMatchObject({
      Threshold: 10,
      StateValue: 'ALARM',
      StateUpdatedTimestamp: minutesBefore(35),
    });

    await aws.cloudWatch.send(
      new PutCompositeAlarmCommand({
        AlarmName: 'orders-api-user-impact',
        AlarmRule: 'ALARM("orders-api-errors")',
        Tags: [{ Key: 'severity', Value: 'page' }],
      }),
    );
    const composite = await describe_({
      AlarmTypes: ['CompositeAlarm'],
      AlarmNamePrefix: 'orders',
    });
    expect(composite.CompositeAlarms).toEqual([
      expect.objectContaining({
        AlarmName: 'orders-api-user-impact',
        StateValue: 'INSUFFICIENT_DATA',
      }),
    ]);
  });

  it('rejects a PutMetricAlarm with both a metric and metric math', async () => {
    await expect(
      aws.cloudWatch.send(
        new PutMetricAlarmCommand({
          AlarmName: 'broken',
          MetricName: 'Errors',
          Namespace: 'AWS/Lambda',
          Statistic: 'Sum',
          Metrics: [{ Id: 'e', Expression: '1' }],
          EvaluationPeriods: 1,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

it('puts runbook links under the configured runbookBaseUrl', async () => {
  const emulator = await startAwsEmulator({
    now: NOW,
    runbookBaseUrl: 'https://runbooks.example.com/lambda',
  });
  try {
    const response = await fetch(emulator.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'GraniteServiceVersion20100801.DescribeAlarms',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: JSON.stringify({ AlarmNames: ['orders-api-errors'] }),
    });
    const body = await response.json();
    expect(body.MetricAlarms[0].AlarmDescription).toContain(
      'Runbook: https://runbooks.example.com/lambda/orders-api.md#errors',
    );
  } finally {
    await emulator.stop();
  }
});
