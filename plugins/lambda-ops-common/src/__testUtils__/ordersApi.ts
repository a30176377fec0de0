import { Entity } from '@backstage/catalog-model';
import {
  LambdaOpsEntitySettings,
  parseLambdaOpsAnnotations,
} from '../annotations/parseLambdaOpsAnnotations';
import type { LambdaFunctionRef } from '../types';

/** The function of the `orders-api` component, in us-east-1 of the default account. */
export const ORDERS_API: LambdaFunctionRef = {
  name: 'orders-api',
  region: 'us-east-1',
  accountId: null,
  qualifier: null,
};

/** The settings of the `orders-api` component with these Lambda Ops annotations. */
export function ordersApiSettings(
  annotations: Record<string, string>,
): LambdaOpsEntitySettings {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-api',
      annotations: {
        'aws.com/lambda-function-name': 'orders-api',
        'aws.com/lambda-region': 'us-east-1',
        ...annotations,
      },
    },
  };
  return parseLambdaOpsAnnotations(entity);
}
