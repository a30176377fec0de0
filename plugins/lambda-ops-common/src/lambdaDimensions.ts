import type { LambdaFunctionRef } from './types';

/** A CloudWatch metric dimension, as the API and CloudFormation spell it. @public */
export interface MetricDimension {
  Name: string;
  Value: string;
}

/**
 * The dimensions of a function's `AWS/Lambda` metrics: `FunctionName`, and with an alias or
 * version also `Resource=<function>:<qualifier>`, which selects that qualifier's metrics
 * alone.
 *
 * @public
 */
export function lambdaFunctionDimensions(
  fn: Pick<LambdaFunctionRef, 'name' | 'qualifier'>,
): MetricDimension[] {
  const byName = { Name: 'FunctionName', Value: fn.name };
  return fn.qualifier
    ? [byName, { Name: 'Resource', Value: `${fn.name}:${fn.qualifier}` }]
    : [byName];
}
