import type { Entity } from '@backstage/catalog-model';
import {
  LAMBDA_FUNCTION_ARN_ANNOTATION,
  LAMBDA_FUNCTION_NAME_ANNOTATION,
} from './constants';

/**
 * True when the entity names at least one Lambda function, by name or by ARN.
 * Used by the backend, the Operations tab filter and the empty state alike.
 *
 * @public
 */
export function isLambdaOpsAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return [LAMBDA_FUNCTION_NAME_ANNOTATION, LAMBDA_FUNCTION_ARN_ANNOTATION].some(
    key => Boolean(annotations[key]?.trim()),
  );
}
