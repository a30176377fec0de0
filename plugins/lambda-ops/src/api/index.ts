export { lambdaOpsApiRef } from './LambdaOpsApi';
export type { FleetViewRequest, LambdaOpsApi } from './LambdaOpsApi';
export { LambdaOpsClient } from './LambdaOpsClient';
