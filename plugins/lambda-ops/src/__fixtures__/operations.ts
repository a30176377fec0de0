import type { Entity } from '@backstage/catalog-model';
import type {
  OperationsResponse,
  Slo,
} from '@lambda-ops/backstage-plugin-common';

/** A component that names its function, as in the demo catalog. */
export const annotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-api',
    namespace: 'default',
    annotations: {
      'aws.com/lambda-function-name': 'orders-api',
      'aws.com/lambda-region': 'us-east-1',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
};

/** A component with no Lambda annotation at all. */
export const plainEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'website', namespace: 'default' },
  spec: { type: 'website', lifecycle: 'production', owner: 'web' },
};

export function sloFixture(overrides: Partial<Slo> = {}): Slo {
  return {
    id: 'orders-api:availability',
    source: 'cloudwatch',
    objective: 'availability',
    description: '99.9% of requests succeed over 30 days',
    target: 0.999,
    window: '30d',
    evaluation: 'request',
    attainment: 0.9998,
    errorBudget: {
      total: 4320,
      consumed: 864,
      remaining: 0.8,
      unit: 'requests',
    },
    burnRates: [
      {
        severity: 'page',
        longWindow: '1h',
        shortWindow: '5m',
        threshold: 14.4,
        long: 0.2,
        short: 0.1,
        firing: false,
      },
      {
        severity: 'page',
        longWindow: '6h',
        shortWindow: '30m',
        threshold: 6,
        long: 0.3,
        short: 0.2,
        firing: false,
      },
      {
        severity: 'ticket',
        longWindow: '3d',
        shortWindow: '6h',
        threshold: 1,
        long: 0.25,
        short: 0.3,
        firing: false,
      },
    ],
    status: 'ok',
    ...overrides,
  };
}

export function operationsFixture(
  overrides: Partial<OperationsResponse> = {},
): OperationsResponse {
  return {
    entityRef: 'component:default/orders-api',
    generatedAt: '2026-11-29T12:00:00Z',
    stale: false,
    pattern: 'api',
    functions: [
      {
        name: 'orders-api',
        region: 'us-east-1',
        accountId: null,
        qualifier: 'PROD',
      },
    ],
    slos: [sloFixture()],
    alarms: [],
    deployMarkers: [],
    triage: [],
    runbook: null,
    problems: [],
    ...overrides,
  };
}
