import { AlarmStore } from '../cloudwatch/alarmStore';
import { AccountArns } from '../scenarios/account';
import { ScenarioChangeEvent } from '../scenarios/events';
import { ScenarioFunctionConfiguration } from '../scenarios/functions';
import { MetricCatalog } from '../scenarios/metrics';
import { ScenarioSlo } from '../scenarios/slos';

/** The Lambda functions of one account in one region. */
export interface LambdaFunctionDirectory {
  /** A function's configuration; `undefined` when the account has no such function here. */
  configuration(
    functionName: string,
  ): ScenarioFunctionConfiguration | undefined;
  /** Every function's configuration (GetAccountSettings adds them up). */
  configurations(): Iterable<ScenarioFunctionConfiguration>;
}

/**
 * What an AWS caller sees: the resources and data of one account in one region. Every
 * operation answers from the caller's account scenario, so accounts never see each other's
 * functions, metrics, alarms or SLOs.
 */
export interface AccountScenario {
  readonly accountId: string;
  /** The region named in the account's ARNs. */
  readonly region: string;
  readonly arns: AccountArns;
  /** The account's metrics at a scenario origin. */
  metricsAt(origin: number): MetricCatalog;
  readonly alarms: AlarmStore;
  readonly functions: LambdaFunctionDirectory;
  /** Application Signals SLOs, sorted by name. */
  readonly slos: readonly ScenarioSlo[];
  /** Application Signals change events of one function. */
  changeEvents(functionName: string): readonly ScenarioChangeEvent[];
}
