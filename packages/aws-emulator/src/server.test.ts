import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import {
  ApplicationSignalsClient,
  ListServiceLevelObjectivesCommand,
} from '@aws-sdk/client-application-signals';
import { lambdaQuery, NOW, useEmulator } from './__testUtils__/emulator';
import { NOW_ENV, startAwsEmulator } from './server';

describe('fault knobs', () => {
  const aws = useEmulator();

  const clients = (maxAttempts: number) => {
    const config = {
      endpoint: aws.emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts,
    };
    return {
      cloudWatch: new CloudWatchClient(config),
      applicationSignals: new ApplicationSignalsClient(config),
    };
  };

  it('throttles the next calls; the SDK retries and succeeds', async () => {
    aws.emulator.setKnobs({ throttle: { count: 2 } });
    const output = await aws.cloudWatch.send(new DescribeAlarmsCommand({}));
    expect(output.$metadata.attempts).toBe(3);
    expect(output.MetricAlarms).toHaveLength(8);
    expect(aws.emulator.stats()).toMatchObject({
      totalCalls: 3,
      calls: { DescribeAlarms: 3 },
      throttledCalls: 2,
    });
  });

  it('fails with ThrottlingException once the SDK runs out of attempts', async () => {
    aws.emulator.setKnobs({ throttle: { count: 3 } });
    await expect(
      aws.cloudWatch.send(new DescribeAlarmsCommand({})),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400, attempts: 3 },
    });
    // The throttles are used up: the next call goes through.
    await expect(
      aws.cloudWatch.send(new DescribeAlarmsCommand({})),
    ).resolves.toBeDefined();
  });

  it('throttles Application Signals with 429 ThrottlingException', async () => {
    const { applicationSignals } = clients(1);
    aws.emulator.setKnobs({ throttle: { count: 1 } });
    await expect(
      applicationSignals.send(new ListServiceLevelObjectivesCommand({})),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 429 },
    });
  });

  it('throttles a deterministic share of calls with throttle.rate', async () => {
    const { cloudWatch } = clients(1);
    aws.emulator.setKnobs({ throttle: { rate: 0.25 } });
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      outcomes.push(
        await cloudWatch.send(new DescribeAlarmsCommand({})).then(
          () => 'ok',
          (e: Error) => e.name,
        ),
      );
    }
    expect(outcomes).toEqual([
      'ok',
      'ok',
      'ok',
      'ThrottlingException',
      'ok',
      'ok',
      'ok',
      'ThrottlingException',
    ]);
  });

  it('answers every call with 503 ServiceUnavailable during an outage', async () => {
    const { cloudWatch, applicationSignals } = clients(1);
    aws.emulator.setKnobs({ outage: true });
    await expect(
      cloudWatch.send(new DescribeAlarmsCommand({})),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableException',
      $fault: 'server',
      $metadata: { httpStatusCode: 503 },
    });
    await expect(
      applicationSignals.send(new ListServiceLevelObjectivesCommand({})),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 503 },
    });
    expect(aws.emulator.stats().outageCalls).toBe(2);
    aws.emulator.setKnobs({ outage: false });
    await expect(
      cloudWatch.send(new DescribeAlarmsCommand({})),
    ).resolves.toBeDefined();
  });

  it('closes connections without an answer in the drop outage mode', async () => {
    const { cloudWatch } = clients(1);
    aws.emulator.setKnobs({ outage: 'drop' });
    // The SDK sees a reset socket (ECONNRESET, "socket hang up") and no HTTP answer at all.
    await expect(
      cloudWatch.send(new DescribeAlarmsCommand({})),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(aws.emulator.stats().outageCalls).toBe(1);
  });

  it('delays every answer by latencyMs', async () => {
    aws.emulator.setKnobs({ latencyMs: 200 });
    const started = Date.now();
    await aws.cloudWatch.send(new DescribeAlarmsCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('counts a call whose caller gave up during latencyMs as cancelled, unanswered', async () => {
    aws.emulator.setKnobs({ latencyMs: 300 });
    await expect(
      aws.cloudWatch.send(new DescribeAlarmsCommand({}), {
        abortSignal: AbortSignal.timeout(50),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    // Counted when the connection closes, not when the answer would have been due.
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(aws.emulator.stats()).toMatchObject({
      totalCalls: 1,
      cancelledCalls: 1,
    });
  });

  it('answers ResourceNotFoundException, 404 for Application Signals, with a not-found service fault', async () => {
    aws.emulator.setKnobs({
      serviceFaults: [{ service: 'applicationSignals', kind: 'not-found' }],
    });
    await expect(
      aws.applicationSignals.send(new ListServiceLevelObjectivesCommand({})),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('fails one service or one operation alone with serviceFaults', async () => {
    const { cloudWatch, applicationSignals } = clients(1);
    aws.emulator.setKnobs({
      serviceFaults: [
        { service: 'applicationSignals', kind: 'unavailable' },
        { service: 'cloudwatch', operation: 'GetMetricData', kind: 'denied' },
      ],
    });
    await expect(
      applicationSignals.send(new ListServiceLevelObjectivesCommand({})),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 503 } });
    // CloudWatch's other operations still answer.
    await expect(
      cloudWatch.send(new DescribeAlarmsCommand({})),
    ).resolves.toBeDefined();
    await expect(
      cloudWatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: [lambdaQuery('q', 'orders-api', 'Errors', 'Sum')],
          StartTime: new Date(NOW.getTime() - 600_000),
          EndTime: NOW,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringMatching(/serviceFaults knob denies GetMetricData/),
    });
    expect(aws.emulator.stats()).toMatchObject({
      outageCalls: 1,
      deniedCalls: 1,
    });
  });

  it('throttles one service alone with serviceFaults', async () => {
    aws.emulator.setKnobs({
      serviceFaults: [{ service: 'lambda', kind: 'throttle' }],
    });
    await expect(
      aws.lambda.send(new ListFunctionsCommand({})),
    ).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    await expect(
      aws.cloudWatch.send(new DescribeAlarmsCommand({})),
    ).resolves.toBeDefined();
  });

  it('rejects invalid knob settings', () => {
    expect(() =>
      aws.emulator.setKnobs({
        serviceFaults: [{ service: 'sqs', kind: 'denied' }],
      } as object),
    ).toThrow(/service fault service must be one of/);
    expect(() =>
      aws.emulator.setKnobs({
        serviceFaults: [{ service: 'lambda', kind: 'slow' }],
      } as object),
    ).toThrow(/service fault kind must be one of/);
    expect(() => aws.emulator.setKnobs({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => aws.emulator.setKnobs({ throttle: { rate: 2 } })).toThrow(
      /throttle.rate/,
    );
    expect(() => aws.emulator.setKnobs({ trottle: 1 } as object)).toThrow(
      /Unknown knob/,
    );
  });
});

describe('control API', () => {
  const aws = useEmulator();

  const control = async (method: string, path: string, body?: object) => {
    const response = await fetch(`${aws.emulator.url}/_emulator/${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  it('pins and unpins the scenario clock', async () => {
    expect(await control('GET', 'now')).toEqual({
      status: 200,
      body: { now: NOW.toISOString(), pinned: true },
    });
    await control('POST', 'now', { now: '2026-12-01T00:00:00Z' });
    const alarms = await aws.cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNames: ['checkout-api-errors'] }),
    );
    expect(alarms.MetricAlarms?.[0].StateUpdatedTimestamp).toEqual(
      new Date('2026-11-30T23:25:00Z'),
    );

    const unpinned = await control('POST', 'now', { now: null });
    expect(unpinned.body.pinned).toBe(false);
    expect(Math.abs(Date.parse(unpinned.body.now) - Date.now())).toBeLessThan(
      5_000,
    );
    expect((await control('POST', 'now', { now: 'yesterday' })).status).toBe(
      400,
    );
  });

  it('sets knobs, counts calls per operation and resets', async () => {
    expect(
      (await control('POST', 'knobs', { latencyMs: 5, outage: 'drop' })).body,
    ).toEqual({
      latencyMs: 5,
      throttle: { count: 0, rate: 0 },
      outage: 'drop',
      publishingLagSeconds: 0,
      deniedAccount: null,
      serviceFaults: [],
      metricDataStatus: null,
      metricDataPageSize: null,
    });
    expect((await control('POST', 'knobs', { outage: 'maybe' })).status).toBe(
      400,
    );
    expect(
      (await control('POST', 'knobs', { publishingLagSeconds: 120 })).body
        .publishingLagSeconds,
    ).toBe(120);
    expect(
      (await control('POST', 'knobs', { publishingLagSeconds: -1 })).status,
    ).toBe(400);
    await control('POST', 'knobs', { outage: false });
    await aws.cloudWatch.send(new DescribeAlarmsCommand({}));
    await aws.applicationSignals.send(
      new ListServiceLevelObjectivesCommand({}),
    );

    const calls = { DescribeAlarms: 1, ListServiceLevelObjectives: 1 };
    expect((await control('GET', 'stats')).body).toEqual({
      totalCalls: 2,
      calls,
      getMetricDataQueries: 0,
      getMetricDataDatapoints: 0,
      throttledCalls: 0,
      outageCalls: 0,
      deniedCalls: 0,
      cancelledCalls: 0,
      byAccount: {
        '123456789012': {
          'us-east-1': {
            calls,
            getMetricDataQueries: 0,
            getMetricDataDatapoints: 0,
          },
        },
      },
    });
    expect((await control('POST', 'stats/reset')).body.totalCalls).toBe(0);

    await control('POST', 'now', { now: null });
    const reset = await control('POST', 'reset');
    expect(reset.body).toMatchObject({
      status: 'ok',
      now: NOW.toISOString(),
      pinned: true,
    });
    expect((await control('GET', 'knobs')).body).toMatchObject({
      latencyMs: 0,
      publishingLagSeconds: 0,
    });
  });

  it('answers a CloudWatch operation it does not implement with UnknownOperationException', async () => {
    const response = await fetch(aws.emulator.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'GraniteServiceVersion20100801.DeleteAlarms' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      __type: expect.stringMatching(/#UnknownOperationException$/),
    });
    expect(aws.emulator.stats().calls).toEqual({ DeleteAlarms: 1 });
  });

  it('answers 404 for an unknown control operation and reports health', async () => {
    expect((await control('GET', 'nope')).status).toBe(404);
    expect((await control('GET', 'health')).body).toEqual({ status: 'ok' });
  });
});

describe('startAwsEmulator', () => {
  it(`pins the clock from ${NOW_ENV} when no now option is given`, async () => {
    process.env[NOW_ENV] = '2026-01-02T03:04:05Z';
    try {
      const emulator = await startAwsEmulator();
      expect(emulator.now()).toEqual(new Date('2026-01-02T03:04:05Z'));
      expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
      await emulator.stop();
    } finally {
      delete process.env[NOW_ENV];
    }
  });
});
