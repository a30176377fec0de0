import {
  LambdaFunctionRef,
  LambdaOpsEntitySettings,
  parseLambdaOpsAnnotations,
} from '@lambda-ops/backstage-plugin-common';
import { testEntities } from './entities';

/** A function of the main account in us-east-1, where the emulator's scenarios live. */
export function lambdaInUsEast1(name: string): LambdaFunctionRef {
  return { name, region: 'us-east-1', accountId: null, qualifier: null };
}

/** The settings of the test catalog's orders-api: the `api` pattern with the defaults. */
export const ordersApiSettings: LambdaOpsEntitySettings =
  parseLambdaOpsAnnotations(
    testEntities.find(entity => entity.metadata.name === 'orders-api')!,
  );
