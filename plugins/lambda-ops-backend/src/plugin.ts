import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter } from './router';
import { operationsServiceRef } from './services/OperationsService';

/**
 * The Lambda Ops backend plugin: SLOs, error budgets, alarms and runbooks of the AWS
 * Lambda functions behind catalog entities.
 *
 * @public
 */
export const lambdaOpsPlugin = createBackendPlugin({
  pluginId: 'lambda-ops',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        operations: operationsServiceRef,
      },
      async init({ httpRouter, httpAuth, logger, config, operations }) {
        httpRouter.use(
          await createRouter({ httpAuth, logger, config, operations }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
