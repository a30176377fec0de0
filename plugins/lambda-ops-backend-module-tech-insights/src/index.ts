/**
 * Tech Insights backend module of Lambda Ops: the runbook-coverage checks of every
 * Lambda-backed entity as facts of the `lambda-ops-coverage` fact retriever.
 *
 * @packageDocumentation
 */

export { techInsightsModuleLambdaOps as default } from './module';
export {
  LAMBDA_OPS_COVERAGE_FACT_RETRIEVER_ID,
  lambdaOpsCoverageFactRetriever,
} from './lambdaOpsCoverageFactRetriever';
