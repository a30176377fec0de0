import { createBackendModule } from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import {
  LAMBDA_OPS_COVERAGE_FACT_RETRIEVER_ID,
  lambdaOpsCoverageFactRetriever,
} from './lambdaOpsCoverageFactRetriever';

/**
 * Adds the `lambda-ops-coverage` fact retriever to Tech Insights. Tech Insights schedules
 * it only when `techInsights.factRetrievers.lambda-ops-coverage.cadence` is configured:
 * the key under which a retriever is added is the one its configuration is read from.
 *
 * @public
 */
export const techInsightsModuleLambdaOps = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'lambda-ops',
  register(reg) {
    reg.registerInit({
      deps: { providers: techInsightsFactRetrieversExtensionPoint },
      async init({ providers }) {
        providers.addFactRetrievers({
          [LAMBDA_OPS_COVERAGE_FACT_RETRIEVER_ID]:
            lambdaOpsCoverageFactRetriever,
        });
      },
    });
  },
});
