import type { Entity } from '@backstage/catalog-model';

export function component(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      owner: 'group:default/payments',
      lifecycle: 'production',
    },
  };
}

/** The catalog of the backend tests: the demo's emulator scenarios, annotated. */
export const testEntities: Entity[] = [
  component('orders-api', {
    'aws.com/lambda-function-name': 'orders-api',
    'aws.com/lambda-region': 'us-east-1',
    'lambda-ops/slo-pattern': 'api',
  }),
  component('checkout-api', {
    'aws.amazon.com/lambda-function-arn':
      'arn:aws:lambda:us-east-1:123456789012:function:checkout-api',
    'lambda-ops/alias': 'PROD',
    'lambda-ops/slo-pattern': 'api',
  }),
  component('legacy-api', {
    'aws.com/lambda-function-name': 'legacy-api',
    'aws.com/lambda-region': 'us-east-1',
  }),
  component('webhook-relay', {
    'aws.com/lambda-function-name': 'webhook-relay',
    'aws.com/lambda-region': 'us-east-1',
    'lambda-ops/slo-pattern': 'api',
  }),
  component('inventory-api', {
    'aws.com/lambda-function-name': 'orders-api',
    'aws.com/lambda-region': 'us-east-1',
    'lambda-ops/slo-pattern': 'realtime',
    'lambda-ops/slo-availability': '100',
    'lambda-ops/slo-window': '400d',
  }),
  component('billing-events', {
    'aws.com/lambda-function-name': 'billing-events',
    'aws.com/lambda-region': 'us-east-1',
    'lambda-ops/slo-pattern': 'async',
    'lambda-ops/dlq': 'billing-events-dlq',
  }),
  component('nightly-report', {
    'aws.com/lambda-function-name': 'nightly-report',
    'aws.com/lambda-region': 'us-east-1',
    'lambda-ops/slo-pattern': 'batch',
    'lambda-ops/batch-deadline': '05:20 UTC',
  }),
  component('storefront', {}),
];
