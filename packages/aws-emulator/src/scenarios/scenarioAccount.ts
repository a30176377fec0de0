import { AccountScenario } from '../accounts/accountScenario';
import { AlarmStore } from '../cloudwatch/alarmStore';
import { ScenarioClock } from '../clock';
import { SCENARIO_ACCOUNT_ID, SCENARIO_ARNS, SCENARIO_REGION } from './account';
import { scenarioAlarmSource } from './alarms';
import { SCENARIO_CHANGE_EVENTS } from './events';
import {
  SCENARIO_FUNCTION_CONFIGURATIONS,
  ScenarioFunctionConfiguration,
} from './functions';
import { ScenarioMetricCatalog } from './metrics';
import { SCENARIO_SLOS } from './slos';

/**
 * The demo scenarios' account (123456789012). It answers for any region, so a backend
 * configured with any region sees the demo functions.
 */
export function createScenarioAccount(options: {
  clock: ScenarioClock;
  runbookBaseUrl: string;
}): AccountScenario {
  const configurations: Readonly<
    Record<string, ScenarioFunctionConfiguration>
  > = SCENARIO_FUNCTION_CONFIGURATIONS;
  return {
    accountId: SCENARIO_ACCOUNT_ID,
    region: SCENARIO_REGION,
    arns: SCENARIO_ARNS,
    metricsAt: origin => new ScenarioMetricCatalog(origin),
    alarms: new AlarmStore({
      clock: options.clock,
      scenario: scenarioAlarmSource(options.runbookBaseUrl),
    }),
    functions: {
      configuration: name =>
        Object.hasOwn(configurations, name) ? configurations[name] : undefined,
      configurations: () => Object.values(configurations),
    },
    slos: [...SCENARIO_SLOS].sort((a, b) => a.name.localeCompare(b.name)),
    changeEvents: functionName =>
      SCENARIO_CHANGE_EVENTS.filter(
        event => event.functionName === functionName,
      ),
  };
}
