/**
 * Backend plugin for Lambda Ops: SLOs, error budgets, alarms and runbooks for the AWS
 * Lambda functions behind catalog entities.
 *
 * @packageDocumentation
 */

export { lambdaOpsPlugin as default } from './plugin';
export {
  awsClientFactoryServiceRef,
  DefaultAwsClientFactory,
  type AwsClientFactory,
  type AwsLocation,
} from './services/AwsClientFactory';
export {
  entityResolverServiceRef,
  EntityResolver,
} from './services/EntityResolver';
export { metricsServiceRef, MetricsService } from './services/MetricsService';
export {
  sloServiceRef,
  SloService,
  type AlongsideQueries,
  type FunctionSlos,
  type StoredSloSeries,
} from './services/SloService';
export {
  applicationSignalsServiceRef,
  ApplicationSignalsService,
  type ApplicationSignalsSlos,
} from './services/ApplicationSignalsService';
export {
  changeEventServiceRef,
  ChangeEventService,
} from './services/ChangeEventService';
export {
  operationsServiceRef,
  OperationsService,
} from './services/OperationsService';
export { alarmsServiceRef, AlarmsService } from './services/AlarmsService';
export {
  alarmTemplateServiceRef,
  AlarmTemplateService,
} from './services/AlarmTemplateService';
export { runbookServiceRef, RunbookService } from './services/RunbookService';
export {
  exclusionWindowsFileReaderServiceRef,
  ExclusionWindowsFileReader,
} from './services/exclusions/ExclusionWindowsFileReader';
export { PayloadTooLargeError } from './errors';
export { triageServiceRef, TriageService } from './services/TriageService';
export {
  deployGateServiceRef,
  DeployGateService,
} from './services/DeployGateService';
export {
  deployMarkerStoreServiceRef,
  DeployMarkerStore,
} from './services/DeployMarkerStore';
export {
  deployMarkerServiceRef,
  DeployMarkerService,
} from './services/DeployMarkerService';
export {
  fleetSnapshotSourceServiceRef,
  type FleetSnapshot,
  type FleetSnapshotSource,
} from './services/fleet/FleetSnapshotSource';
export type {
  StoredSeries,
  StoredSeriesRow,
} from './services/fleet/FleetSnapshotStore';
export {
  fleetViewsServiceRef,
  FleetViewsService,
  type FleetViewQuery,
} from './services/fleet/FleetViewsService';
export {
  sloReviewServiceRef,
  SloReviewService,
} from './services/review/SloReviewService';
export {
  sloAttainmentStoreServiceRef,
  SloAttainmentStore,
} from './services/review/SloAttainmentStore';
export {
  pageIncidentStoreServiceRef,
  PageIncidentStore,
} from './services/review/PageIncidentStore';
export {
  ownerNotifierServiceRef,
  OwnerNotifier,
} from './services/notifications/OwnerNotifier';
export {
  ownerConditionStoreServiceRef,
  OwnerConditionStore,
} from './services/notifications/OwnerConditionStore';
export {
  entitySignalsServiceRef,
  EntitySignals,
} from './services/signals/EntitySignals';
export type {
  FleetRefreshListener,
  FleetRefreshedEvent,
} from './services/fleet/FleetRefreshListener';
