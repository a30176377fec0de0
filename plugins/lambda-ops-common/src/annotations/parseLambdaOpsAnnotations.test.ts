import type { Entity } from '@backstage/catalog-model';
import {
  DEFAULT_LAMBDA_OPS_SETTINGS,
  parseLambdaOpsAnnotations,
} from './parseLambdaOpsAnnotations';
import { isLambdaOpsAvailable } from './isLambdaOpsAvailable';

function entityWith(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders-api', annotations },
    spec: {},
  };
}

describe('parseLambdaOpsAnnotations', () => {
  it('reads function names with their region and applies the defaults', () => {
    const settings = parseLambdaOpsAnnotations(
      entityWith({
        'aws.com/lambda-function-name': 'orders-api, orders-worker',
        'aws.com/lambda-region': 'ap-northeast-1',
      }),
    );
    expect(settings.functions).toEqual([
      {
        name: 'orders-api',
        region: 'ap-northeast-1',
        accountId: null,
        qualifier: null,
      },
      {
        name: 'orders-worker',
        region: 'ap-northeast-1',
        accountId: null,
        qualifier: null,
      },
    ]);
    expect(settings.pattern).toBe('api');
    expect(settings.windowDays).toBe(30);
    expect(settings.availabilityTarget).toBe(0.999);
    expect(settings.problems).toEqual([]);
  });

  it('takes account, region and qualifier from an ARN, and the alias for the rest', () => {
    const settings = parseLambdaOpsAnnotations(
      entityWith({
        'aws.amazon.com/lambda-function-arn':
          'arn:aws:lambda:eu-west-1:123456789012:function:checkout-api,arn:aws:lambda:us-east-1:210987654321:function:refunds:BLUE',
        'lambda-ops/alias': 'PROD',
      }),
    );
    expect(settings.functions).toEqual([
      {
        name: 'checkout-api',
        region: 'eu-west-1',
        accountId: '123456789012',
        qualifier: 'PROD',
      },
      {
        name: 'refunds',
        region: 'us-east-1',
        accountId: '210987654321',
        qualifier: 'BLUE',
      },
    ]);
    expect(settings.problems).toEqual([]);
  });

  it('reads pattern, window and availability target, percentages becoming exact fractions', () => {
    const settings = parseLambdaOpsAnnotations(
      entityWith({
        'aws.com/lambda-function-name': 'billing-events',
        'aws.com/lambda-region': 'us-east-1',
        'lambda-ops/slo-pattern': 'ASYNC',
        'lambda-ops/slo-window': '28d',
        'lambda-ops/slo-availability': '99.95',
        'lambda-ops/runbook': './docs/runbook.md',
      }),
    );
    expect(settings.pattern).toBe('async');
    expect(settings.windowDays).toBe(28);
    expect(settings.availabilityTarget).toBe(0.9995);
    expect(settings.runbook).toBe('./docs/runbook.md');
  });

  it('uses the configured default region for bare names', () => {
    const settings = parseLambdaOpsAnnotations(
      entityWith({ 'aws.com/lambda-function-name': 'orders-api' }),
      {
        ...DEFAULT_LAMBDA_OPS_SETTINGS,
        region: 'eu-central-1',
        pattern: 'async',
        windowDays: 7,
      },
    );
    expect(settings.functions[0].region).toBe('eu-central-1');
    expect(settings.pattern).toBe('async');
    expect(settings.windowDays).toBe(7);
    expect(settings.problems).toEqual([]);
  });

  it.each([
    ['lambda-ops/slo-availability', '100', /never 100.*e\.g\. 99\.9/],
    [
      'lambda-ops/slo-availability',
      'abc',
      /not a target percentage.*e\.g\. 99\.9/,
    ],
    ['lambda-ops/slo-availability', '0', /above 0 and below 100/],
    ['lambda-ops/slo-window', '400d', /between 1d and 90d, e\.g\. 30d/],
    ['lambda-ops/slo-window', '0d', /between 1d and 90d/],
    ['lambda-ops/slo-window', '36h', /whole days/],
    ['lambda-ops/slo-pattern', 'realtime', /use one of api, async, batch/],
    ['lambda-ops/alias', 'PROD!', /e\.g\. PROD/],
  ])(
    'reports %s: %s as a problem naming the annotation and a valid example, keeping the default',
    (annotation, value, message) => {
      const settings = parseLambdaOpsAnnotations(
        entityWith({
          'aws.com/lambda-function-name': 'orders-api',
          'aws.com/lambda-region': 'us-east-1',
          [annotation]: value,
        }),
      );
      expect(settings.problems).toHaveLength(1);
      expect(settings.problems[0]).toMatchObject({
        code: 'invalid-annotation',
        annotation,
      });
      expect(settings.problems[0].message).toContain(annotation);
      expect(settings.problems[0].message).toMatch(message);
      expect(settings.functions).toHaveLength(1);
      expect(settings.availabilityTarget).toBe(0.999);
      expect(settings.windowDays).toBe(30);
      expect(settings.pattern).toBe('api');
    },
  );

  it('reports a malformed ARN and keeps the valid ones', () => {
    const settings = parseLambdaOpsAnnotations(
      entityWith({
        'aws.amazon.com/lambda-function-arn':
          'arn:aws:s3:::bucket, arn:aws:lambda:us-east-1:123456789012:function:ok',
      }),
    );
    expect(settings.functions.map(f => f.name)).toEqual(['ok']);
    expect(settings.problems[0].message).toMatch(
      /"arn:aws:s3:::bucket" is not a Lambda function ARN.*arn:aws:lambda:us-east-1:123456789012:function:orders-api/,
    );
  });

  it('reports an invalid function name and an invalid region', () => {
    const settings = parseLambdaOpsAnnotations(
      entityWith({
        'aws.com/lambda-function-name': 'orders api',
        'aws.com/lambda-region': 'mars-1',
      }),
    );
    expect(settings.functions).toEqual([]);
    expect(settings.problems.map(p => p.annotation)).toEqual([
      'aws.com/lambda-region',
      'aws.com/lambda-function-name',
    ]);
  });

  it('asks for a region when names come without one and no default is configured', () => {
    const settings = parseLambdaOpsAnnotations(
      entityWith({ 'aws.com/lambda-function-name': 'orders-api' }),
    );
    expect(settings.functions).toEqual([]);
    expect(settings.problems).toEqual([
      expect.objectContaining({
        code: 'missing-annotation',
        annotation: 'aws.com/lambda-region',
      }),
    ]);
  });

  it('explains how to annotate an entity that names no function', () => {
    const settings = parseLambdaOpsAnnotations(entityWith({}));
    expect(settings.functions).toEqual([]);
    expect(settings.problems[0]).toMatchObject({ code: 'missing-annotation' });
    expect(settings.problems[0].message).toContain(
      'aws.com/lambda-function-name',
    );
  });

  it('lists a function named twice only once', () => {
    const settings = parseLambdaOpsAnnotations(
      entityWith({
        'aws.com/lambda-function-name': 'orders-api,orders-api',
        'aws.com/lambda-region': 'us-east-1',
      }),
    );
    expect(settings.functions).toHaveLength(1);
  });
});

describe('parseLambdaOpsAnnotations: objectives of each pattern', () => {
  const base = {
    'aws.com/lambda-function-name': 'orders-api',
    'aws.com/lambda-region': 'us-east-1',
  };

  it('reads latency, event-age, queue and batch objectives', () => {
    const settings = parseLambdaOpsAnnotations(
      entityWith({
        ...base,
        'lambda-ops/slo-latency': 'p99<1.5s@99.5',
        'lambda-ops/slo-event-age': '10m@99',
        'lambda-ops/dlq': 'arn:aws:sqs:eu-west-1:123456789012:orders-dlq',
        'lambda-ops/source-queue': 'orders-queue.fifo',
        'lambda-ops/batch-deadline': '06:00 Asia/Tokyo@90',
        'lambda-ops/slo-success-rate': '99',
        'lambda-ops/application-signals-slos':
          'orders-availability, orders-latency',
        'lambda-ops/alarm-prefix': 'orders-',
      }),
    );
    expect(settings.problems).toEqual([]);
    expect(settings.latency).toEqual({
      statistic: 'p99',
      thresholdMs: 1500,
      target: 0.995,
    });
    expect(settings.eventAge).toEqual({ thresholdSeconds: 600, target: 0.99 });
    expect(settings.deadLetterQueue).toEqual({
      name: 'orders-dlq',
      region: 'eu-west-1',
      accountId: '123456789012',
    });
    expect(settings.sourceQueue).toEqual({
      name: 'orders-queue.fifo',
      region: null,
      accountId: null,
    });
    expect(settings.eventAgeSource).toBe('source-queue');
    expect(settings.batchDeadline).toEqual({
      hour: 6,
      minute: 0,
      zone: 'Asia/Tokyo',
      target: 0.9,
    });
    expect(settings.successRateTarget).toBe(0.99);
    expect(settings.applicationSignalsSlos).toEqual([
      'orders-availability',
      'orders-latency',
    ]);
    expect(settings.alarmPrefix).toBe('orders-');
  });

  it('reads event age from IteratorAge for stream sources', () => {
    const settings = parseLambdaOpsAnnotations(
      entityWith({ ...base, 'lambda-ops/event-source': 'stream' }),
    );
    expect(settings.eventAgeSource).toBe('iterator-age');
  });

  it('uses the documented defaults', () => {
    const settings = parseLambdaOpsAnnotations(entityWith(base));
    expect(settings.latency).toEqual({
      statistic: 'p95',
      thresholdMs: 500,
      target: 0.99,
    });
    expect(settings.eventAge).toEqual({ thresholdSeconds: 300, target: 0.99 });
    expect(settings.eventAgeSource).toBe('async-event-age');
    expect(settings.successRateTarget).toBe(0.95);
    expect(settings.batchDeadline).toBeNull();
  });

  it.each([
    ['lambda-ops/slo-latency', 'fast', /e\.g\. p95<500ms@99/],
    ['lambda-ops/slo-latency', 'p95<500ms@100', /e\.g\. p95<500ms@99/],
    ['lambda-ops/slo-event-age', '5 minutes', /e\.g\. 5m@99/],
    ['lambda-ops/dlq', 'my queue', /e\.g\. orders-dlq/],
    ['lambda-ops/event-source', 'kafka', /use async .* or stream/],
    [
      'lambda-ops/batch-deadline',
      '06:00',
      /has no time zone.*e\.g\. 06:00 Asia\/Tokyo/,
    ],
    ['lambda-ops/batch-deadline', '06:00 Mars/Olympus', /not a time zone/],
    ['lambda-ops/batch-deadline', '25:00 UTC', /not a deadline/],
    ['lambda-ops/slo-success-rate', '100', /e\.g\. 95/],
  ])('reports %s: %s with a valid example', (annotation, value, message) => {
    const settings = parseLambdaOpsAnnotations(
      entityWith({ ...base, [annotation]: value }),
    );
    expect(settings.problems).toEqual([
      expect.objectContaining({ code: 'invalid-annotation', annotation }),
    ]);
    expect(settings.problems[0].message).toMatch(message);
  });

  it('asks a batch job for its deadline', () => {
    const settings = parseLambdaOpsAnnotations(
      entityWith({ ...base, 'lambda-ops/slo-pattern': 'batch' }),
    );
    expect(settings.problems).toEqual([
      expect.objectContaining({
        code: 'missing-annotation',
        annotation: 'lambda-ops/batch-deadline',
      }),
    ]);
  });
});

describe('isLambdaOpsAvailable', () => {
  it.each([
    [{ 'aws.com/lambda-function-name': 'orders-api' }, true],
    [
      {
        'aws.amazon.com/lambda-function-arn':
          'arn:aws:lambda:us-east-1:123456789012:function:x',
      },
      true,
    ],
    [{ 'aws.com/lambda-function-name': '  ' }, false],
    [{ 'lambda-ops/slo-pattern': 'api' }, false],
  ])('is %j → %s', (annotations, expected) => {
    expect(isLambdaOpsAvailable(entityWith(annotations))).toBe(expected);
  });
});
