import { parseLambdaOpsAnnotations } from '../annotations/parseLambdaOpsAnnotations';
import { slo } from '../fleet/__fixtures__/snapshots';
import type { Slo } from '../types';
import { sliCheckProblems } from './sliChecks';

const fn = {
  name: 'orders-worker',
  region: 'eu-west-1',
  accountId: null,
  qualifier: null,
};

function settings(pattern: string) {
  return parseLambdaOpsAnnotations({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-worker',
      annotations: {
        'aws.com/lambda-function-name': 'orders-worker',
        'aws.com/lambda-region': 'eu-west-1',
        'lambda-ops/slo-pattern': pattern,
      },
    },
  });
}

const points = (...values: number[]) => ({
  timestamps: values.map((_, i) => i * 300_000),
  values,
});

const eventAgeSlo: Slo = {
  ...slo(),
  id: 'orders-worker:event-age',
  objective: 'event-age',
  evaluation: 'period',
  target: 0.99,
};

describe('sliCheckProblems', () => {
  it('flags a period-based SLI whose metric never came although the function was invoked', () => {
    const problems = sliCheckProblems(fn, settings('async'), [eventAgeSlo], {
      invocations: points(40, 60),
      eventAge: points(),
    });
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'missing-metric',
        annotation: 'lambda-ops/slo-pattern',
      }),
    ]);
    expect(problems[0].message).toContain(
      'reads AsyncEventAge, which has no datapoint in 30d although orders-worker was invoked 100 times',
    );
  });

  it('flags a budget that never burned over the whole window as a target too loose', () => {
    const untouched: Slo = {
      ...slo({ attainment: 1 }),
      errorBudget: { total: 12, consumed: 0, remaining: 1, unit: 'requests' },
    };
    const problems = sliCheckProblems(fn, settings('api'), [untouched], {
      invocations: points(12_000),
    });
    expect(problems).toEqual([
      {
        code: 'target-too-loose',
        message: expect.stringContaining(
          'never burned its budget in 30d: not one bad event against a target of 99.9%',
        ),
      },
    ]);
  });

  it('has nothing to say about an SLI with data and a budget in use', () => {
    expect(
      sliCheckProblems(fn, settings('async'), [eventAgeSlo, slo()], {
        invocations: points(100),
        eventAge: points(1200),
      }),
    ).toEqual([]);
  });

  it('judges nothing for a function nobody invoked', () => {
    expect(
      sliCheckProblems(fn, settings('async'), [eventAgeSlo], {
        eventAge: points(),
      }),
    ).toEqual([]);
  });
});
