import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { lambdaOpsPermissions } from '@lambda-ops/backstage-plugin-common';
import { registerLambdaOpsActions } from './actions/registerLambdaOpsActions';
import { readLambdaOpsConfig } from './config';
import { createRouter } from './router';
import { alarmTemplateServiceRef } from './services/AlarmTemplateService';
import {
  deployMarkerStoreServiceRef,
  scheduleDeployMarkerRetention,
} from './services/DeployMarkerStore';
import { deployMarkerServiceRef } from './services/DeployMarkerService';
import { deployMarkerRateLimitStoreServiceRef } from './services/DeployMarkerRateLimitStore';
import { deployGateServiceRef } from './services/DeployGateService';
import { fleetViewsServiceRef } from './services/fleet/FleetViewsService';
import {
  fleetCollectorServiceRef,
  scheduleFleetRefresh,
} from './services/fleet/FleetCollector';
import { operationsServiceRef } from './services/OperationsService';
import { pageIncidentRecorderServiceRef } from './services/review/PageIncidentRecorder';
import { sloAttainmentRecorderServiceRef } from './services/review/SloAttainmentRecorder';
import { sloReviewServiceRef } from './services/review/SloReviewService';
import { ownerNotifierServiceRef } from './services/notifications/OwnerNotifier';
import { entitySignalsServiceRef } from './services/signals/EntitySignals';

/** The notifications backend's plugin id, looked for when owner notifications are not configured. */
const NOTIFICATIONS_PLUGIN_ID = 'notifications';

/**
 * The Lambda Ops backend plugin: SLOs, error budgets, alarms, runbooks and deploy markers
 * of the AWS Lambda functions behind catalog entities.
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
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        operations: operationsServiceRef,
        deployMarkerStore: deployMarkerStoreServiceRef,
        deployMarkers: deployMarkerServiceRef,
        deployMarkerRateLimits: deployMarkerRateLimitStoreServiceRef,
        deployGate: deployGateServiceRef,
        fleetViews: fleetViewsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        alarmTemplates: alarmTemplateServiceRef,
        fleetCollector: fleetCollectorServiceRef,
        sloAttainmentRecorder: sloAttainmentRecorderServiceRef,
        pageIncidentRecorder: pageIncidentRecorderServiceRef,
        sloReview: sloReviewServiceRef,
        instanceMetadata: coreServices.rootInstanceMetadata,
        ownerNotifier: ownerNotifierServiceRef,
        entitySignals: entitySignalsServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        logger,
        config,
        permissions,
        permissionsRegistry,
        scheduler,
        operations,
        deployMarkerStore,
        deployMarkers,
        deployMarkerRateLimits,
        deployGate,
        fleetViews,
        actionsRegistry,
        alarmTemplates,
        fleetCollector,
        sloAttainmentRecorder,
        pageIncidentRecorder,
        sloReview,
        instanceMetadata,
        ownerNotifier,
        entitySignals,
      }) {
        permissionsRegistry.addPermissions(lambdaOpsPermissions);
        const settings = readLambdaOpsConfig(config);
        const { retentionDays, retentionSchedule } = settings.deployMarkers;
        await scheduleDeployMarkerRetention({
          scheduler,
          store: deployMarkerStore,
          logger,
          retentionDays,
          schedule: retentionSchedule,
        });
        registerLambdaOpsActions({
          actionsRegistry,
          fleetViews,
          operations,
          deployGate,
          sloReview,
        });
        fleetCollector.addListener(sloAttainmentRecorder);
        fleetCollector.addListener(pageIncidentRecorder);
        fleetCollector.addListener(entitySignals);
        const notifyOwners =
          settings.notifications.enabled ??
          (await instanceMetadata.getInstalledPlugins()).some(
            p => p.pluginId === NOTIFICATIONS_PLUGIN_ID,
          );
        if (notifyOwners) {
          fleetCollector.addListener(ownerNotifier);
        } else {
          logger.info(
            'Owner notifications are off: install @backstage/plugin-notifications-backend or set lambdaOps.notifications.enabled',
          );
        }
        await scheduleFleetRefresh({
          scheduler,
          collector: fleetCollector,
          logger,
          schedule: settings.collector.schedule,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            deployMarkerRateLimits,
            logger,
            config,
            operations,
            permissions,
            deployMarkers,
            deployGate,
            fleetViews,
            alarmTemplates,
            sloReview,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
