export { EntityLambdaOpsCard } from './EntityLambdaOpsCard';
