import {
  GetMetricDataCommand,
  GetMetricDataCommandOutput,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  DAY,
  daysBefore,
  lambdaQuery,
  MINUTE,
  minutesBefore,
  NOW,
  useEmulator,
} from '../__testUtils__/emulator';

const THIRTY_DAYS = 30 * 24 * 3600;

describe('GetMetricData', () => {
  const aws = useEmulator();

  const getMetricData = (
    queries: MetricDataQuery[],
    options: {
      start?: Date;
      end?: Date;
      scanBy?: 'TimestampAscending' | 'TimestampDescending';
      maxDatapoints?: number;
      nextToken?: string;
    } = {},
  ) =>
    aws.cloudWatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: options.start ?? daysBefore(30),
        EndTime: options.end ?? NOW,
        ScanBy: options.scanBy,
        MaxDatapoints: options.maxDatapoints,
        NextToken: options.nextToken,
      }),
    );

  const resultOf = (output: GetMetricDataCommandOutput, id: string) => {
    const result = output.MetricDataResults?.find(r => r.Id === id);
    if (!result) throw new Error(`no result ${id}`);
    return result;
  };
  const sum = (values: number[] = []) => values.reduce((a, b) => a + b, 0);

  it('gives orders-api its 30 days of traffic: 4,320,000 invocations and 864 errors', async () => {
    const hourly = await getMetricData([
      lambdaQuery('invocations', 'orders-api', 'Invocations', 'Sum'),
      lambdaQuery('errors', 'orders-api', 'Errors', 'Sum'),
      lambdaQuery('throttles', 'orders-api', 'Throttles', 'Sum'),
    ]);
    const invocations = resultOf(hourly, 'invocations');
    expect(invocations.Values).toHaveLength(720);
    expect(new Set(invocations.Values)).toEqual(new Set([6000]));
    expect(sum(invocations.Values)).toBe(4_320_000);
    expect(new Set(resultOf(hourly, 'errors').Values)).toEqual(new Set([1.2]));
    expect(sum(resultOf(hourly, 'errors').Values)).toBeCloseTo(864, 9);
    expect(sum(resultOf(hourly, 'throttles').Values)).toBe(0);
    expect(resultOf(hourly, 'throttles').Values).toHaveLength(720);

    // One 30-day bucket: the sum of 43,200 minutes of 0.02 errors is exactly 864.
    const whole = await getMetricData([
      lambdaQuery(
        'invocations',
        'orders-api',
        'Invocations',
        'Sum',
        THIRTY_DAYS,
      ),
      lambdaQuery('errors', 'orders-api', 'Errors', 'Sum', THIRTY_DAYS),
    ]);
    expect(resultOf(whole, 'invocations').Values).toEqual([4_320_000]);
    expect(resultOf(whole, 'errors').Values).toEqual([864]);
  });

  it('gives checkout-api 8,640,080 requests of which 5,196 failed over 30 days', async () => {
    const output = await getMetricData([
      lambdaQuery('invocations', 'checkout-api', 'Invocations', 'Sum'),
      lambdaQuery('errors', 'checkout-api', 'Errors', 'Sum'),
      lambdaQuery('throttles', 'checkout-api', 'Throttles', 'Sum'),
    ]);
    const invocations = sum(resultOf(output, 'invocations').Values);
    const errors = resultOf(output, 'errors').Values ?? [];
    const throttles = resultOf(output, 'throttles').Values ?? [];
    expect(invocations).toBe(8_640_000);
    // Newest hour first: 40 minutes after the deploy (20/min) and 20 before it (0.1/min).
    expect(errors[0]).toBe(802);
    expect(new Set(errors.slice(1))).toEqual(new Set([6]));
    expect(sum(errors)).toBe(5116);
    expect(throttles[0]).toBe(80);
    expect(sum(throttles)).toBe(80);
    expect(invocations + sum(throttles)).toBe(8_640_080);
    expect(sum(errors) + sum(throttles)).toBe(5196);
  });

  it('returns the newest bucket first unless ScanBy is TimestampAscending', async () => {
    const query = [
      lambdaQuery('invocations', 'orders-api', 'Invocations', 'Sum'),
    ];
    const descending =
      resultOf(await getMetricData(query), 'invocations').Timestamps ?? [];
    expect(descending[0]).toEqual(minutesBefore(60));
    expect(descending[descending.length - 1]).toEqual(daysBefore(30));
    expect(descending.every((t, i) => i === 0 || t < descending[i - 1])).toBe(
      true,
    );

    const ascending = resultOf(
      await getMetricData(query, { scanBy: 'TimestampAscending' }),
      'invocations',
    ).Timestamps;
    expect(ascending).toEqual([...descending].reverse());
  });

  it('answers the alias dimension Resource=<function>:<alias> with the function data', async () => {
    const alias = [{ Name: 'Resource', Value: 'checkout-api:PROD' }];
    const output = await getMetricData([
      lambdaQuery('plain', 'checkout-api', 'Errors', 'Sum'),
      lambdaQuery('aliased', 'checkout-api', 'Errors', 'Sum', 3600, alias),
      lambdaQuery('other', 'checkout-api', 'Errors', 'Sum', 3600, [
        { Name: 'Resource', Value: 'orders-api:PROD' },
      ]),
    ]);
    expect(resultOf(output, 'aliased').Values).toEqual(
      resultOf(output, 'plain').Values,
    );
    expect(resultOf(output, 'other').Values).toEqual([]);
  });

  it('computes Duration statistics per bucket, percentiles as the worst minute', async () => {
    const output = await getMetricData(
      ['p95', 'p99', 'Average', 'Maximum', 'Minimum', 'SampleCount'].map(stat =>
        lambdaQuery(stat.toLowerCase(), 'checkout-api', 'Duration', stat),
      ),
      { start: minutesBefore(120) },
    );
    // [now−1h, now): 40 minutes after the deploy, 20 before; [now−2h, now−1h): before.
    expect(resultOf(output, 'p95').Values).toEqual([900, 150]);
    expect(resultOf(output, 'p99').Values).toEqual([2800, 250]);
    expect(resultOf(output, 'maximum').Values).toEqual([3000, 600]);
    expect(resultOf(output, 'minimum').Values).toEqual([20, 20]);
    expect(resultOf(output, 'samplecount').Values).toEqual([12_000, 12_000]);
    const [recent, earlier] = resultOf(output, 'average').Values ?? [];
    expect(recent).toBeCloseTo((40 * 500 + 20 * 100) / 60, 10);
    expect(earlier).toBe(100);
  });

  it('has data for nightly-report only in the minute of each 05:00 UTC run', async () => {
    const output = await getMetricData(
      [
        lambdaQuery('invocations', 'nightly-report', 'Invocations', 'Sum', 60),
        lambdaQuery('errors', 'nightly-report', 'Errors', 'Sum', 60),
        lambdaQuery('duration', 'nightly-report', 'Duration', 'Maximum', 60),
      ],
      { start: daysBefore(7) },
    );
    const runs = ['29', '28', '27', '26', '25', '24', '23'].map(
      day => new Date(`2026-11-${day}T05:00:00Z`),
    );
    expect(resultOf(output, 'invocations').Timestamps).toEqual(runs);
    expect(resultOf(output, 'invocations').Values).toEqual([
      1, 1, 1, 1, 1, 1, 1,
    ]);
    // Run 3 (counting the latest as 0) failed; run 5 took 25 minutes.
    expect(resultOf(output, 'errors').Values).toEqual([0, 0, 0, 1, 0, 0, 0]);
    expect(resultOf(output, 'duration').Values).toEqual([
      540_000, 540_000, 540_000, 540_000, 540_000, 1_500_000, 540_000,
    ]);
  });

  // Two 40-minute buckets: [now − 40 min, now) after checkout-api's deploy, the one before it.
  const aroundTheDeploy = { start: minutesBefore(80) };
  const DEPLOY_SPAN = 40 * 60;

  it('gives ConcurrentExecutions: checkout-api at its reserved 100 since the deploy', async () => {
    const output = await getMetricData(
      ['checkout-api', 'orders-api', 'billing-events', 'nightly-report'].map(
        (name, i) =>
          lambdaQuery(
            `f${i}`,
            name,
            'ConcurrentExecutions',
            'Maximum',
            DEPLOY_SPAN,
          ),
      ),
      aroundTheDeploy,
    );
    expect(resultOf(output, 'f0').Values).toEqual([100, 40]);
    expect(resultOf(output, 'f1').Values).toEqual([20, 20]);
    expect(resultOf(output, 'f2').Values).toEqual([5, 5]);
    expect(resultOf(output, 'f3').Values).toEqual([]);
  });

  it('serves Lambda Insights memory metrics for checkout-api only', async () => {
    const insightsQuery = (
      id: string,
      functionName: string,
      metric: string,
    ) => ({
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: 'LambdaInsights',
          MetricName: metric,
          Dimensions: [{ Name: 'function_name', Value: functionName }],
        },
        Period: DEPLOY_SPAN,
        Stat: 'Maximum',
      },
    });
    const output = await getMetricData(
      [
        insightsQuery('utilization', 'checkout-api', 'memory_utilization'),
        insightsQuery('used', 'checkout-api', 'used_memory_max'),
        insightsQuery('orders', 'orders-api', 'memory_utilization'),
        {
          ...insightsQuery('megabytes', 'checkout-api', 'used_memory_max'),
          MetricStat: {
            ...insightsQuery('x', 'checkout-api', 'used_memory_max').MetricStat,
            Unit: 'Megabytes',
          },
        },
      ],
      aroundTheDeploy,
    );
    // Newest first: after the deploy (m ≤ 40), then before it.
    expect(resultOf(output, 'utilization')).toMatchObject({
      Timestamps: [minutesBefore(40), minutesBefore(80)],
      Values: [93, 55],
    });
    expect(resultOf(output, 'used').Values).toEqual([476, 280]);
    expect(resultOf(output, 'megabytes').Values).toEqual([476, 280]);
    expect(resultOf(output, 'orders').Values).toEqual([]);
  });

  it('has no datapoints for legacy-api, for unknown metrics and for extra dimensions', async () => {
    const output = await getMetricData([
      lambdaQuery('legacy', 'legacy-api', 'Invocations', 'Sum'),
      lambdaQuery('unknown', 'orders-api', 'NoSuchMetric', 'Sum'),
      lambdaQuery('extra', 'orders-api', 'Invocations', 'Sum', 3600, [
        { Name: 'ExecutedVersion', Value: '3' },
      ]),
      {
        ...lambdaQuery('milliseconds', 'orders-api', 'Invocations', 'Sum'),
        MetricStat: {
          ...lambdaQuery('x', 'orders-api', 'Invocations', 'Sum').MetricStat,
          Unit: 'Milliseconds',
        },
      },
    ]);
    for (const id of ['legacy', 'unknown', 'extra', 'milliseconds']) {
      expect(resultOf(output, id)).toMatchObject({
        Values: [],
        Timestamps: [],
        StatusCode: 'Complete',
      });
    }
  });

  it('leaves out buckets in the future and labels results with the metric name', async () => {
    const output = await getMetricData(
      [lambdaQuery('invocations', 'orders-api', 'Invocations', 'Sum')],
      {
        start: minutesBefore(60),
        end: new Date(NOW.getTime() + DAY),
      },
    );
    expect(resultOf(output, 'invocations')).toMatchObject({
      Label: 'Invocations',
      Timestamps: [minutesBefore(60)],
      Values: [6000],
    });
  });

  it('serves the async consumer and its dead-letter queue', async () => {
    const output = await getMetricData(
      [
        lambdaQuery('age', 'billing-events', 'AsyncEventAge', 'p95', 300),
        lambdaQuery('dead', 'billing-events', 'DeadLetterErrors', 'Sum', 300),
        {
          Id: 'visible',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/SQS',
              MetricName: 'ApproximateNumberOfMessagesVisible',
              Dimensions: [{ Name: 'QueueName', Value: 'billing-events-dlq' }],
            },
            Period: 300,
            Stat: 'Maximum',
          },
        },
      ],
      { start: minutesBefore(100), scanBy: 'TimestampAscending' },
    );
    // Twenty 5-minute buckets, oldest first: bucket k holds the minutes m = 96−5k … 100−5k.
    // The backlog (m = 30…90) touches buckets 2…14.
    expect(resultOf(output, 'age').Values).toEqual([
      30_000,
      30_000,
      ...Array(13).fill(420_000),
      ...Array(5).fill(30_000),
    ]);
    // One dead letter a minute in m = 30…39: buckets 12 (m 36–40), 13 (31–35), 14 (26–30).
    expect(resultOf(output, 'dead').Values).toEqual([
      ...Array(12).fill(0),
      4,
      5,
      1,
      ...Array(5).fill(0),
    ]);
    // The DLQ fills 1…10 over m = 39…30 and then holds 10 messages.
    expect(resultOf(output, 'visible').Values).toEqual([
      ...Array(12).fill(0),
      4,
      9,
      ...Array(6).fill(10),
    ]);
  });

  it('pages by MaxDatapoints, marking cut results PartialData', async () => {
    const queries = [
      lambdaQuery('orders', 'orders-api', 'Invocations', 'Sum'),
      lambdaQuery('checkout', 'checkout-api', 'Invocations', 'Sum'),
    ];
    const whole = await getMetricData(queries);
    expect(whole.NextToken).toBeUndefined();

    const pages: GetMetricDataCommandOutput[] = [];
    let nextToken: string | undefined;
    do {
      const page = await getMetricData(queries, {
        maxDatapoints: 500,
        nextToken,
      });
      pages.push(page);
      nextToken = page.NextToken;
    } while (nextToken);
    expect(
      pages.map(p =>
        p.MetricDataResults?.map(r => [r.Id, r.Values?.length, r.StatusCode]),
      ),
    ).toEqual([
      [['orders', 500, 'PartialData']],
      [
        ['orders', 220, 'Complete'],
        ['checkout', 280, 'PartialData'],
      ],
      [['checkout', 440, 'Complete']],
    ]);
    for (const id of ['orders', 'checkout']) {
      const merged = pages.flatMap(
        p => p.MetricDataResults?.filter(r => r.Id === id) ?? [],
      );
      expect(merged.flatMap(r => r.Timestamps)).toEqual(
        resultOf(whole, id).Timestamps,
      );
      expect(merged.flatMap(r => r.Values)).toEqual(resultOf(whole, id).Values);
    }
  });

  // Over 300,000 datapoints through the SDK's serializers: seconds on a busy machine.
  it('returns at most 100,800 datapoints per call', async () => {
    const queries = (count: number) =>
      Array.from({ length: count }, (_, i) =>
        lambdaQuery(`q${i}`, 'orders-api', 'Invocations', 'Sum'),
      );
    const exactlyAtLimit = await getMetricData(queries(140)); // 140 × 720 = 100,800
    expect(exactlyAtLimit.NextToken).toBeUndefined();
    const overLimit = await getMetricData(queries(141));
    expect(overLimit.NextToken).toEqual(expect.any(String));
    expect(overLimit.MetricDataResults).toHaveLength(140);
    expect(
      overLimit.MetricDataResults?.reduce(
        (n, r) => n + (r.Values?.length ?? 0),
        0,
      ),
    ).toBe(100_800);
    const rest = await getMetricData(queries(141), {
      nextToken: overLimit.NextToken,
    });
    expect(rest.NextToken).toBeUndefined();
    expect(
      rest.MetricDataResults?.map(r => [r.Id, r.Values?.length, r.StatusCode]),
    ).toEqual([['q140', 720, 'Complete']]);
    // Two calls of some 100,000 datapoints through the SDK's parser: seconds on a busy CI box.
  }, 30_000);

  it('accepts 500 queries and rejects 501', async () => {
    const queries = (count: number) =>
      Array.from({ length: count }, (_, i) =>
        lambdaQuery(`q${i}`, 'orders-api', 'Errors', 'Sum', THIRTY_DAYS),
      );
    const accepted = await getMetricData(queries(500));
    expect(accepted.MetricDataResults).toHaveLength(500);
    await expect(getMetricData(queries(501))).rejects.toMatchObject({
      name: 'ValidationException',
      Code: 'ValidationError',
      $metadata: { httpStatusCode: 400 },
      message: expect.stringContaining('500'),
    });
    expect(aws.emulator.stats().getMetricDataQueries).toBe(1001);
  });

  it.each([
    [
      'an Id with an upper-case first letter',
      [lambdaQuery('Invocations', 'orders-api', 'Invocations', 'Sum')],
      'ValidationException',
    ],
    [
      'an Id with a dash',
      [lambdaQuery('in-vocations', 'orders-api', 'Invocations', 'Sum')],
      'ValidationException',
    ],
    [
      'a duplicate Id',
      [
        lambdaQuery('a', 'orders-api', 'Invocations', 'Sum'),
        lambdaQuery('a', 'orders-api', 'Errors', 'Sum'),
      ],
      'ValidationException',
    ],
    [
      'a Period that is not whole minutes',
      [lambdaQuery('a', 'orders-api', 'Invocations', 'Sum', 90)],
      'InvalidParameterValueException',
    ],
    [
      'an unsupported statistic',
      [lambdaQuery('a', 'orders-api', 'Duration', 'tm99')],
      'ValidationException',
    ],
  ])('rejects %s', async (_what, queries, name) => {
    await expect(getMetricData(queries)).rejects.toMatchObject({
      name,
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('rejects a StartTime that is not before EndTime', async () => {
    await expect(
      getMetricData([lambdaQuery('a', 'orders-api', 'Invocations', 'Sum')], {
        start: NOW,
        end: NOW,
      }),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      Code: 'InvalidParameterValue',
    });
  });

  it('answers a metric math query with an error and keeps serving', async () => {
    await expect(
      getMetricData([
        lambdaQuery('e', 'orders-api', 'Errors', 'Sum'),
        { Id: 'rate', Expression: '100*e/i' },
      ]),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('not supported by the emulator'),
    });
    const output = await getMetricData([
      lambdaQuery('e', 'orders-api', 'Errors', 'Sum', THIRTY_DAYS),
    ]);
    expect(resultOf(output, 'e').Values).toEqual([864]);
  });

  describe('publishing lag', () => {
    const lastTenMinutes = (id: string) =>
      getMetricData(
        [lambdaQuery(id, 'checkout-api', 'Invocations', 'Sum', 60)],
        { start: minutesBefore(10), end: NOW },
      );

    it('publishes a minute as soon as it is over without a lag', async () => {
      const output = await lastTenMinutes('invocations');
      expect(resultOf(output, 'invocations').Timestamps?.[0]).toEqual(
        minutesBefore(1),
      );
    });

    it('holds back the minutes that ended less than the lag ago', async () => {
      aws.emulator.setKnobs({ publishingLagSeconds: 120 });
      const output = await lastTenMinutes('invocations');
      // Newest first: minute 3 (11:57–11:58) is the newest published one at 12:00.
      expect(resultOf(output, 'invocations').Timestamps).toEqual(
        Array.from({ length: 8 }, (_, i) => minutesBefore(i + 3)),
      );
      // 30 seconds later nothing new is out; a minute later the next minute is.
      aws.emulator.setNow(new Date(NOW.getTime() + 30_000));
      expect(
        resultOf(await lastTenMinutes('later'), 'later').Timestamps?.[0],
      ).toEqual(minutesBefore(3));
    });

    it('leaves a 5-minute bucket with only unpublished minutes out', async () => {
      aws.emulator.setKnobs({ publishingLagSeconds: 120 });
      aws.emulator.setNow(new Date(NOW.getTime() + 60_000)); // 12:01
      const output = await getMetricData(
        [lambdaQuery('errors', 'checkout-api', 'Errors', 'Sum', 300)],
        { start: minutesBefore(10), end: new Date(NOW.getTime() + 300_000) },
      );
      // At 12:01 the newest published minute is 11:58–11:59: 12:00–12:05 holds nothing
      // yet, 11:55–12:00 four of its minutes of the burst (20 errors each).
      expect(resultOf(output, 'errors')).toMatchObject({
        Timestamps: [minutesBefore(5), minutesBefore(10)],
        Values: [20 * 4, 20 * 5],
      });
    });
  });

  describe("CloudWatch's retention", () => {
    it.each([
      ['a 5-minute clock interval between 15 and 63 days ago', 30, 300, 5],
      ['the minute under 15 days ago', 14, 60, 1],
      ['an hour past 63 days ago', 70, 3600, 60],
    ])(
      'rounds StartTime down to %s',
      async (_name, days, period, roundingMinutes) => {
        const start = new Date(daysBefore(days).getTime() + 150_000); // + 2.5 minutes
        const output = await getMetricData(
          [lambdaQuery('q', 'orders-api', 'Invocations', 'Sum', period)],
          { start, end: new Date(start.getTime() + 2 * period * 1000) },
        );
        const rounded =
          Math.floor(start.getTime() / (roundingMinutes * MINUTE)) *
          roundingMinutes *
          MINUTE;
        expect(resultOf(output, 'q').Timestamps?.at(-1)).toEqual(
          new Date(rounded),
        );
      },
    );

    it.each([
      ['1-minute', 16, 60],
      ['1-minute', 30, 60],
      ['5-minute', 64, 300],
    ])(
      'returns no %s datapoints for a StartTime %i days ago, past their retention',
      async (_name, days, period) => {
        const output = await getMetricData(
          [
            lambdaQuery('fine', 'orders-api', 'Invocations', 'Sum', period),
            lambdaQuery('hourly', 'orders-api', 'Invocations', 'Sum', 3600),
          ],
          { start: daysBefore(days), end: NOW },
        );
        expect(resultOf(output, 'fine')).toMatchObject({
          Values: [],
          StatusCode: 'Complete',
        });
        expect(resultOf(output, 'hourly').Values).toHaveLength(days * 24);
      },
    );
  });

  it('rejects a NextToken it did not issue', async () => {
    await expect(
      getMetricData([lambdaQuery('a', 'orders-api', 'Invocations', 'Sum')], {
        nextToken: 'bogus',
      }),
    ).rejects.toMatchObject({ name: 'InvalidNextToken' });
  });

  describe('the metricData knobs', () => {
    const query = [
      lambdaQuery('invocations', 'orders-api', 'Invocations', 'Sum', 60),
    ];
    const invocations = (nextToken?: string) =>
      getMetricData(query, { start: minutesBefore(10), nextToken });

    it('cuts pages to metricDataPageSize, each but the last PartialData with a NextToken', async () => {
      const whole = resultOf(await invocations(), 'invocations').Values;
      expect(whole).toHaveLength(10);
      aws.emulator.setKnobs({ metricDataPageSize: 4 });
      const pages = [await invocations()];
      while (pages[pages.length - 1].NextToken) {
        pages.push(await invocations(pages[pages.length - 1].NextToken));
      }
      expect(
        pages.map(page => {
          const { StatusCode, Values = [] } = resultOf(page, 'invocations');
          return [StatusCode, Values.length];
        }),
      ).toEqual([
        ['PartialData', 4],
        ['PartialData', 4],
        ['Complete', 2],
      ]);
      expect(
        pages.flatMap(page => resultOf(page, 'invocations').Values),
      ).toEqual(whole);
    });

    it.each([
      ['Forbidden', 0],
      ['InternalError', 0],
      ['PartialData', 5],
    ] as const)(
      'answers %s with its message and %d of the 10 datapoints',
      async (status, kept) => {
        aws.emulator.setKnobs({ metricDataStatus: status });
        const output = await invocations();
        const result = resultOf(output, 'invocations');
        expect(result.StatusCode).toBe(status);
        expect(result.Values).toHaveLength(kept);
        expect(result.Messages).toEqual([
          { Code: status, Value: expect.stringMatching(/metricDataStatus/) },
        ]);
        expect(output.NextToken).toBeUndefined();
      },
    );

    it('rejects a status CloudWatch does not give', () => {
      expect(() =>
        aws.emulator.setKnobs({ metricDataStatus: 'Complete' } as object),
      ).toThrow(/metricDataStatus must be one of/);
    });
  });
});
