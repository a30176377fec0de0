import {
  BatchGetServiceLevelObjectiveBudgetReportCommand,
  GetServiceLevelObjectiveCommand,
  ListEntityEventsCommand,
  ListServiceLevelObjectiveExclusionWindowsCommand,
  ListServiceLevelObjectivesCommand,
  ServiceLevelObjectiveBudgetReport,
} from '@aws-sdk/client-application-signals';
import {
  daysBefore,
  minutesBefore,
  NOW,
  useEmulator,
} from '../__testUtils__/emulator';

const sloArn = (name: string) =>
  `arn:aws:application-signals:us-east-1:123456789012:slo/${name}`;
const service = (name: string) => ({
  Type: 'Service',
  Name: name,
  Environment: 'lambda:default',
});

describe('Application Signals', () => {
  const aws = useEmulator();

  describe('ListServiceLevelObjectives', () => {
    it('lists the SLOs of a service by key attributes', async () => {
      const output = await aws.applicationSignals.send(
        new ListServiceLevelObjectivesCommand({
          KeyAttributes: service('checkout-api'),
        }),
      );
      expect(output.SloSummaries).toEqual([
        {
          Arn: sloArn('checkout-api-availability'),
          Name: 'checkout-api-availability',
          KeyAttributes: service('checkout-api'),
          CreatedTime: daysBefore(60),
          EvaluationType: 'RequestBased',
          MetricSourceType: 'CloudWatchMetric',
        },
      ]);
      const none = await aws.applicationSignals.send(
        new ListServiceLevelObjectivesCommand({
          KeyAttributes: service('legacy-api'),
        }),
      );
      expect(none.SloSummaries).toEqual([]);
    });

    it('pages with MaxResults and NextToken', async () => {
      const first = await aws.applicationSignals.send(
        new ListServiceLevelObjectivesCommand({ MaxResults: 1 }),
      );
      expect(first.SloSummaries?.map(s => s.Name)).toEqual([
        'checkout-api-availability',
      ]);
      const second = await aws.applicationSignals.send(
        new ListServiceLevelObjectivesCommand({
          MaxResults: 1,
          NextToken: first.NextToken,
        }),
      );
      expect(second.SloSummaries?.map(s => s.Name)).toEqual([
        'orders-api-latency',
      ]);
      expect(second.NextToken).toBeUndefined();
    });

    it('rejects MaxResults above 50', async () => {
      await expect(
        aws.applicationSignals.send(
          new ListServiceLevelObjectivesCommand({ MaxResults: 51 }),
        ),
      ).rejects.toMatchObject({
        name: 'ValidationException',
        $metadata: { httpStatusCode: 400 },
      });
    });
  });

  describe('GetServiceLevelObjective', () => {
    it('finds an SLO by name and by ARN', async () => {
      const byName = await aws.applicationSignals.send(
        new GetServiceLevelObjectiveCommand({ Id: 'orders-api-latency' }),
      );
      const byArn = await aws.applicationSignals.send(
        new GetServiceLevelObjectiveCommand({
          Id: sloArn('orders-api-latency'),
        }),
      );
      expect(byArn.Slo).toEqual(byName.Slo);
      expect(byName.Slo).toMatchObject({
        Name: 'orders-api-latency',
        EvaluationType: 'PeriodBased',
        Goal: {
          AttainmentGoal: 99,
          WarningThreshold: 50,
          Interval: { RollingInterval: { DurationUnit: 'DAY', Duration: 30 } },
        },
        Sli: {
          MetricThreshold: 500,
          ComparisonOperator: 'LessThan',
          SliMetric: {
            KeyAttributes: service('orders-api'),
            MetricType: 'LATENCY',
            MetricDataQueries: [
              expect.objectContaining({
                MetricStat: expect.objectContaining({
                  Stat: 'p95',
                  Period: 300,
                }),
              }),
            ],
          },
        },
      });
    });

    it('describes the request-based SLO with its total and bad request metrics', async () => {
      const { Slo } = await aws.applicationSignals.send(
        new GetServiceLevelObjectiveCommand({
          Id: 'checkout-api-availability',
        }),
      );
      expect(Slo).toMatchObject({
        EvaluationType: 'RequestBased',
        Goal: { AttainmentGoal: 99.9, WarningThreshold: 50 },
        RequestBasedSli: {
          RequestBasedSliMetric: {
            KeyAttributes: service('checkout-api'),
            MetricType: 'AVAILABILITY',
            TotalRequestCountMetric: expect.arrayContaining([
              expect.objectContaining({
                Expression: 'invocations + throttles',
              }),
            ]),
            MonitoredRequestCountMetric: {
              BadCountMetric: expect.arrayContaining([
                expect.objectContaining({ Expression: 'errors + throttles' }),
              ]),
            },
          },
        },
      });
    });

    it('answers 404 ResourceNotFoundException for an unknown SLO', async () => {
      await expect(
        aws.applicationSignals.send(
          new GetServiceLevelObjectiveCommand({ Id: 'no-such-slo' }),
        ),
      ).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        ResourceId: 'no-such-slo',
        $metadata: { httpStatusCode: 404 },
      });
    });
  });

  describe('ListServiceLevelObjectiveExclusionWindows', () => {
    it('lists the weekly patching window of the checkout SLO', async () => {
      const output = await aws.applicationSignals.send(
        new ListServiceLevelObjectiveExclusionWindowsCommand({
          Id: sloArn('checkout-api-availability'),
        }),
      );
      expect(output.ExclusionWindows).toEqual([
        {
          Window: { DurationUnit: 'HOUR', Duration: 1 },
          StartTime: daysBefore(60),
          RecurrenceRule: { Expression: 'cron(0 3 ? * TUE *)' },
          Reason: 'Weekly patching of the payment gateway',
        },
      ]);
    });

    it('lists none for an SLO without windows and refuses an unknown SLO', async () => {
      const none = await aws.applicationSignals.send(
        new ListServiceLevelObjectiveExclusionWindowsCommand({
          Id: 'orders-api-latency',
        }),
      );
      expect(none.ExclusionWindows).toEqual([]);
      await expect(
        aws.applicationSignals.send(
          new ListServiceLevelObjectiveExclusionWindowsCommand({
            Id: 'no-such-slo',
          }),
        ),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });
  });

  it('answers malformed and unknown routes in the REST-JSON error form', async () => {
    const malformed = await fetch(`${aws.emulator.url}/slo/%E0%A4%A`);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-amzn-errortype')).toBe(
      'ValidationException',
    );
    const unknown = await fetch(`${aws.emulator.url}/no-such-route`, {
      method: 'POST',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe(
      'UnknownOperationException',
    );
    expect(aws.emulator.stats().calls).toEqual({
      GetServiceLevelObjective: 1,
      UnknownOperation: 1,
    });
  });

  describe('BatchGetServiceLevelObjectiveBudgetReport', () => {
    const reportsAt = (timestamp: Date, SloIds: string[]) =>
      aws.applicationSignals.send(
        new BatchGetServiceLevelObjectiveBudgetReportCommand({
          Timestamp: timestamp,
          SloIds,
        }),
      );
    const byName = (reports: ServiceLevelObjectiveBudgetReport[] = []) =>
      Object.fromEntries(reports.map(r => [r.Name, r]));

    it('computes checkout-api availability from the same data as GetMetricData', async () => {
      const output = await reportsAt(NOW, [
        'checkout-api-availability',
        sloArn('orders-api-latency'),
      ]);
      expect(output.Timestamp).toEqual(NOW);
      expect(output.Errors).toEqual([]);
      const reports = byName(output.Reports);
      // 8,640,080 requests (invocations + throttles), 5,196 failed (errors + throttles).
      expect(reports['checkout-api-availability']).toMatchObject({
        Arn: sloArn('checkout-api-availability'),
        EvaluationType: 'RequestBased',
        BudgetStatus: 'WARNING',
        TotalBudgetRequests: 8640,
        BudgetRequestsRemaining: 3444,
        Goal: { AttainmentGoal: 99.9 },
      });
      expect(reports['checkout-api-availability'].Attainment).toBeCloseTo(
        (1 - 5196 / 8_640_080) * 100,
        10,
      );
      expect(reports['orders-api-latency']).toMatchObject({
        EvaluationType: 'PeriodBased',
        BudgetStatus: 'OK',
        Attainment: 100,
        TotalBudgetSeconds: 25_920,
        BudgetSecondsRemaining: 25_920,
      });
    });

    it('reports the budget as it was before the deploy at an earlier Timestamp', async () => {
      const output = await reportsAt(minutesBefore(60), [
        'checkout-api-availability',
      ]);
      // 30 days before now−60m: 8,640,000 invocations, 4,320 errors (0.1/min), no throttles.
      expect(output.Reports?.[0]).toMatchObject({
        BudgetStatus: 'OK',
        TotalBudgetRequests: 8640,
        BudgetRequestsRemaining: 4320,
        Attainment: 99.95,
      });
    });

    it('puts unknown ids in Errors rather than failing the call', async () => {
      const output = await reportsAt(NOW, [
        'orders-api-latency',
        'no-such-slo',
      ]);
      expect(output.Reports?.map(r => r.Name)).toEqual(['orders-api-latency']);
      expect(output.Errors).toEqual([
        {
          Name: 'no-such-slo',
          Arn: sloArn('no-such-slo'),
          ErrorCode: 'ResourceNotFoundException',
          ErrorMessage: expect.stringContaining('no-such-slo'),
        },
      ]);
    });

    it('accepts 50 ids and rejects 51', async () => {
      const ids = (count: number) =>
        Array.from({ length: count }, (_, i) => `slo-${i}`);
      expect((await reportsAt(NOW, ids(50))).Errors).toHaveLength(50);
      await expect(reportsAt(NOW, ids(51))).rejects.toMatchObject({
        name: 'ValidationException',
      });
    });
  });

  describe('ListEntityEvents', () => {
    const eventsOf = (
      Entity: Record<string, string>,
      StartTime: Date,
      EndTime: Date,
      MaxResults?: number,
      NextToken?: string,
    ) =>
      aws.applicationSignals.send(
        new ListEntityEventsCommand({
          Entity,
          StartTime,
          EndTime,
          MaxResults,
          NextToken,
        }),
      );

    it('lists checkout-api change events newest first', async () => {
      const output = await eventsOf(
        service('checkout-api'),
        daysBefore(7),
        NOW,
      );
      expect(output.ChangeEvents).toEqual([
        {
          Timestamp: minutesBefore(40),
          AccountId: '123456789012',
          Region: 'us-east-1',
          Entity: service('checkout-api'),
          ChangeEventType: 'DEPLOYMENT',
          EventId: 'checkout-api-deploy-v42',
          UserName: 'ci-deployer',
          EventName: 'Deploy v42 (git abc1234)',
        },
        expect.objectContaining({
          ChangeEventType: 'CONFIGURATION',
          Timestamp: daysBefore(3),
        }),
      ]);
      expect(output.StartTime).toEqual(daysBefore(7));
      expect(output.EndTime).toEqual(NOW);
    });

    it('filters by time and entity, and pages', async () => {
      expect(
        (await eventsOf(service('checkout-api'), minutesBefore(60), NOW))
          .ChangeEvents,
      ).toHaveLength(1);
      expect(
        (await eventsOf(service('orders-api'), daysBefore(7), NOW))
          .ChangeEvents,
      ).toEqual([]);
      const resource = {
        Type: 'AWS::Resource',
        ResourceType: 'AWS::Lambda::Function',
        Identifier: 'checkout-api',
      };
      expect(
        (await eventsOf(resource, daysBefore(7), NOW)).ChangeEvents,
      ).toHaveLength(2);

      const first = await eventsOf(
        service('checkout-api'),
        daysBefore(7),
        NOW,
        1,
      );
      expect(first.ChangeEvents?.map(e => e.ChangeEventType)).toEqual([
        'DEPLOYMENT',
      ]);
      const second = await eventsOf(
        service('checkout-api'),
        daysBefore(7),
        NOW,
        1,
        first.NextToken,
      );
      expect(second.ChangeEvents?.map(e => e.ChangeEventType)).toEqual([
        'CONFIGURATION',
      ]);
      expect(second.NextToken).toBeUndefined();
    });
  });
});
