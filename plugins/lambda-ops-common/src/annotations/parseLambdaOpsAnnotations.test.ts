import type { Entity } from '@backstage/catalog-model';
import { parseLambdaOpsAnnotations } from './parseLambdaOpsAnnotations';
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
        region: 'eu-central-1',
        pattern: 'batch',
        windowDays: 7,
        availabilityTarget: 0.99,
      },
    );
    expect(settings.functions[0].region).toBe('eu-central-1');
    expect(settings.pattern).toBe('batch');
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
