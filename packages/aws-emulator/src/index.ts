/**
 * A local stand-in for CloudWatch, CloudWatch Application Signals, Lambda's configuration API
 * and the docs host of the runbooks, serving deterministic Lambda scenarios for the demo
 * portal, the backend tests and benchmarks.
 *
 * @packageDocumentation
 */

export { startAwsEmulator, NOW_ENV } from './server';
export type { AwsEmulatorOptions, RunningAwsEmulator } from './server';
export type {
  EmulatorKnobs,
  KnobSettings,
  MetricDataStatus,
  ServiceFault,
  ServiceFaultKind,
  EmulatedService,
  OutageMode,
  ThrottleKnob,
} from './knobs';
export type { CallLocation, EmulatorStats, LocationStats } from './stats';
export { GET_METRIC_DATA_LIMITS } from './cloudwatch/getMetricData';
export { DESCRIBE_ALARMS_LIMITS } from './cloudwatch/alarms';
export { SLO_LIMITS } from './applicationSignals/serviceLevelObjectives';
export { ENTITY_EVENT_LIMITS } from './applicationSignals/entityEvents';
export { LAMBDA_LIST_LIMITS } from './lambda/listPaging';
export {
  alarmArn,
  BILLING_EVENTS_DLQ,
  DEFAULT_RUNBOOK_BASE_URL,
  LAMBDA_ENVIRONMENT,
  lambdaFunctionArn,
  lambdaServiceKeyAttributes,
  SCENARIO_ACCOUNT_ID,
  SCENARIO_DATA_MINUTES,
  SCENARIO_FUNCTION_NAMES,
  SCENARIO_REGION,
  sloArn,
} from './scenarios/account';
export type { ScenarioFunctionName } from './scenarios/account';
export { SCENARIO_ALARM_NAMES } from './scenarios/alarms';
export type { ScenarioAlarmName } from './scenarios/alarms';
export {
  LAMBDA_ACCOUNT_CONCURRENCY_LIMIT,
  SCENARIO_FUNCTION_CONFIGURATIONS,
} from './scenarios/functions';
export type {
  ScenarioFunctionAlias,
  ScenarioFunctionConfiguration,
  ScenarioFunctionVersion,
} from './scenarios/functions';
export { SCENARIO_SLO_NAMES } from './scenarios/slos';
export type { ScenarioSloName } from './scenarios/slos';
export {
  CHECKOUT_API_DEPLOY_MINUTE,
  WEBHOOK_RELAY_MAINTENANCE_BURST,
} from './scenarios/metrics';
export { nightlyReportRuns, SCENARIOS } from './scenarios/description';
export type {
  NightlyReportRun,
  ScenarioDescription,
} from './scenarios/description';
export {
  createFleet,
  Fleet,
  fleetAwsAccounts,
  fleetCatalogEntities,
} from './fleet/fleet';
export type { FleetSettings } from './fleet/fleet';
export { DEFAULT_FLEET_SEED } from './fleet/fleetTable';
export type { FleetOptions } from './fleet/fleetTable';
export {
  FLEET_ACCOUNTS,
  FLEET_MIX,
  FLEET_SIZE_LIMITS,
  FLEET_SRE,
  FLEET_TEAMS,
  PAGE_BURN_MINUTES,
  TICKET_BURN_MINUTES,
} from './fleet/layout';
export type {
  FleetAccount,
  FleetHealth,
  FleetPattern,
  FleetTeam,
} from './fleet/layout';
export type {
  FleetExpectedStatus,
  FleetFunction,
  FleetFunctionAlarm,
  FleetLocationCounts,
  FleetManifest,
} from './fleet/manifest';
export type { FleetAlarmFacts, FleetAlarmKind } from './fleet/fleetAlarms';
export type { FleetEntity } from './fleet/fleetCatalog';
export { FLEET_CATALOG_PATH } from './fleet/fleetFiles';
