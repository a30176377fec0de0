export { lambdaOpsApiRef } from './LambdaOpsApi';
export type { LambdaOpsApi } from './LambdaOpsApi';
export { LambdaOpsClient } from './LambdaOpsClient';
