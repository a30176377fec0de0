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
  OutageMode,
  ThrottleKnob,
} from './knobs';
export type { EmulatorStats } from './stats';
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
export { CHECKOUT_API_DEPLOY_MINUTE } from './scenarios/metrics';
export { nightlyReportRuns, SCENARIOS } from './scenarios/description';
export type {
  NightlyReportRun,
  ScenarioDescription,
} from './scenarios/description';
