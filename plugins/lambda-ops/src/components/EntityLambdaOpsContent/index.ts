export { EntityLambdaOpsContent } from './EntityLambdaOpsContent';
