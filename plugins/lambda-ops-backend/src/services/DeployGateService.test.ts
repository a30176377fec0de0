import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  DEFAULT_BUDGET_POLICY,
  OperationsResponse,
  Slo,
} from '@lambda-ops/backstage-plugin-common';
import type { AwsClientFactory } from './AwsClientFactory';
import { DeployGateService } from './DeployGateService';
import type { EntityResolver } from './EntityResolver';
import type { OperationsService } from './OperationsService';

const REF = { namespace: 'default', kind: 'component', name: 'checkout-api' };

function entity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-api', annotations },
    spec: {},
  };
}

/** An SLO with `remaining` of its budget left and its fast page row firing or not. */
function slo(remaining: number, pageFiring: boolean): Slo {
  return {
    id: 'checkout-api:availability',
    source: 'cloudwatch',
    objective: 'availability',
    description: '99.9% of requests succeed over 30 days',
    target: 0.999,
    window: '30d',
    evaluation: 'request',
    attainment: 0.99,
    errorBudget: { total: 100, consumed: 0, remaining, unit: 'requests' },
    burnRates: [
      {
        severity: 'page',
        longWindow: '1h',
        shortWindow: '5m',
        threshold: 14.4,
        long: pageFiring ? 90 : 1,
        short: pageFiring ? 90 : 1,
        firing: pageFiring,
        state: pageFiring ? 'firing' : 'not-firing',
      },
    ],
    burnDown: [],
    status: pageFiring ? 'page' : 'ok',
    budgetKind: 'ratio',
    deployBeforeBurn: null,
    exclusionWindows: [],
    counts: [],
    burningSince: null,
    dataThrough: null,
  };
}

function setUp(options: {
  annotations?: Record<string, string>;
  slos: Slo[];
  aliasVersion?: string | Error;
}) {
  const tab = {
    functions: [
      {
        name: 'checkout-api',
        region: 'us-east-1',
        accountId: null,
        qualifier: 'PROD',
      },
    ],
    slos: options.slos,
    problems: [],
  } as unknown as OperationsResponse;
  const send = jest.fn(async () => {
    if (options.aliasVersion instanceof Error) {
      throw options.aliasVersion;
    }
    return { FunctionVersion: options.aliasVersion ?? '42' };
  });
  const gate = new DeployGateService({
    entities: {
      resolve: async () => ({
        entityRef: 'component:default/checkout-api',
        entity: entity(options.annotations),
      }),
    } as unknown as EntityResolver,
    operations: {
      getOperations: async () => tab,
    } as unknown as OperationsService,
    clients: {
      lambda: async () => ({ send }),
    } as unknown as AwsClientFactory,
    defaultPolicy: DEFAULT_BUDGET_POLICY,
  });
  return { gate, send };
}

describe('DeployGateService', () => {
  const credentials = mockCredentials.user();

  it('blocks a deploy while a page row fires, with the policy it applied', async () => {
    const { gate } = setUp({ slos: [slo(0.8, true)] });
    const reply = await gate.getDeployGate(
      REF,
      { env: 'PROD', version: '43' },
      credentials,
    );
    expect(reply).toMatchObject({
      entityRef: 'component:default/checkout-api',
      env: 'PROD',
      version: '43',
      decision: 'block',
      budgetRemaining: 0.8,
      policy: DEFAULT_BUDGET_POLICY,
      problems: [],
    });
    expect(reply.reasons.map(r => r.code)).toEqual(['page-burn']);
  });

  it('allows a rollback to a version below the one the alias serves', async () => {
    const { gate, send } = setUp({ slos: [slo(-1, true)] });
    const reply = await gate.getDeployGate(
      REF,
      { env: 'PROD', version: '41' },
      credentials,
    );
    expect(reply.decision).toBe('allow');
    expect(reply.reasons[0].code).toBe('rollback');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('judges a version it cannot compare like any deploy, and says why', async () => {
    const { gate } = setUp({
      slos: [slo(-1, false)],
      aliasVersion: new Error('AccessDeniedException'),
    });
    const reply = await gate.getDeployGate(
      REF,
      { env: 'PROD', version: '41' },
      credentials,
    );
    expect(reply.decision).toBe('block');
    expect(reply.problems).toEqual([
      {
        code: 'aws-error',
        message:
          'Could not read alias PROD of checkout-api to tell a rollback: AccessDeniedException',
      },
    ]);
  });

  it("follows the entity's policy annotation", async () => {
    const { gate } = setUp({
      annotations: {
        'lambda-ops/budget-policy': 'block-below: 0.5, warn-below: 0.9',
      },
      slos: [slo(0.4, false)],
    });
    const reply = await gate.getDeployGate(REF, { env: 'PROD' }, credentials);
    expect(reply.decision).toBe('block');
    expect(reply.policy).toEqual({ blockBelow: 0.5, warnBelow: 0.9 });
  });

  it('applies the default policy under a malformed annotation and names it', async () => {
    const { gate } = setUp({
      annotations: { 'lambda-ops/budget-policy': 'block at 50%' },
      slos: [slo(0.4, false)],
    });
    const reply = await gate.getDeployGate(REF, { env: 'PROD' }, credentials);
    expect(reply.decision).toBe('allow');
    expect(reply.policy).toEqual(DEFAULT_BUDGET_POLICY);
    expect(reply.problems).toEqual([
      expect.objectContaining({
        code: 'invalid-annotation',
        annotation: 'lambda-ops/budget-policy',
      }),
    ]);
  });

  it('allows an entity without SLOs, saying so', async () => {
    const { gate } = setUp({ slos: [] });
    const reply = await gate.getDeployGate(REF, { env: 'PROD' }, credentials);
    expect(reply.decision).toBe('allow');
    expect(reply.reasons.map(r => r.code)).toEqual(['no-slos']);
  });
});
