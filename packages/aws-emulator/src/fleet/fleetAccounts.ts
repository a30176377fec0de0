import { AccountScenario } from '../accounts/accountScenario';
import {
  AlarmStore,
  compareNames,
  ScenarioAlarms,
} from '../cloudwatch/alarmStore';
import { ScenarioClock, scenarioOrigin } from '../clock';
import { accountArns } from '../scenarios/account';
import { AlarmBuilder } from '../scenarios/alarmBuilder';
import { changeEventsOf, configurationOf, Fleet, locationKey } from './fleet';
import {
  buildFleetAlarm,
  FleetAlarmFacts,
  parseAlarmName,
} from './fleetAlarms';
import { FleetMetricCatalog } from './fleetMetrics';
import { FunctionProfile } from './functionProfile';
import { FLEET_ACCOUNTS } from './layout';

/**
 * The fleet as AWS callers see it: one account scenario per fleet account and region, made
 * when first asked for. Each keeps only the alarms put into it at runtime.
 */
export class FleetAccounts {
  readonly fleet: Fleet;
  readonly #clock: ScenarioClock;
  readonly #scenarios = new Map<string, AccountScenario>();

  constructor(fleet: Fleet, clock: ScenarioClock) {
    this.fleet = fleet;
    this.#clock = clock;
  }

  /**
   * The scenario of a fleet account in a region, or `undefined` when `accountId` is not one
   * of the fleet's accounts. A region without fleet functions is an empty account there.
   */
  scenario(accountId: string, region: string): AccountScenario | undefined {
    if (!FLEET_ACCOUNTS.some(account => account.accountId === accountId)) {
      return undefined;
    }
    const key = locationKey(accountId, region);
    let scenario = this.#scenarios.get(key);
    if (!scenario) {
      scenario = this.#create(accountId, region);
      this.#scenarios.set(key, scenario);
    }
    return scenario;
  }

  /** Forgets the alarms put at runtime. */
  reset(): void {
    for (const scenario of this.#scenarios.values()) {
      scenario.alarms.reset();
    }
  }

  #create(accountId: string, region: string): AccountScenario {
    const fleet = this.fleet;
    const arns = accountArns(accountId, region);
    /** A function of this account in this region, by name. */
    const profileOf = (functionName: string): FunctionProfile | undefined => {
      const index = fleet.table.indexOf(functionName);
      return index !== undefined &&
        fleet.table.account(index).accountId === accountId &&
        fleet.table.region(index) === region
        ? fleet.profile(index)
        : undefined;
    };
    // Alarms are listed in name order, so the alarms of a function come one after another.
    let lastFunction:
      | { name: string; profile: FunctionProfile; alarms: FleetAlarmFacts[] }
      | undefined;
    const alarmsOfFunction = (name: string) => {
      if (lastFunction?.name !== name) {
        const profile = profileOf(name);
        lastFunction = profile && {
          name,
          profile,
          alarms: fleet.alarmFacts(profile),
        };
      }
      return lastFunction;
    };
    const alarms: ScenarioAlarms = {
      names: fleet.alarmNamesAt(accountId, region),
      typeOf: name =>
        parseAlarmName(name)?.kind === 'user-impact'
          ? 'CompositeAlarm'
          : 'MetricAlarm',
      build: (name, now) => {
        const parsed = parseAlarmName(name);
        const fn = parsed && alarmsOfFunction(parsed.functionName);
        const facts = fn?.alarms.find(alarm => alarm.name === name);
        return fn && facts
          ? buildFleetAlarm(
              facts,
              fn.profile,
              new AlarmBuilder(arns, scenarioOrigin(now)),
            )
          : undefined;
      },
      // Every fleet alarm watches one function's metric (dimension FunctionName).
      namesWatching: ({ FunctionName: functionName }) => {
        const fn =
          functionName === undefined
            ? undefined
            : alarmsOfFunction(functionName);
        return fn ? fn.alarms.map(alarm => alarm.name).sort(compareNames) : [];
      },
    };
    const slos = fleet
      .slos()
      .filter(slo => profileOf(slo.functionName) !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name));
    return {
      accountId,
      region,
      arns,
      metricsAt: origin => new FleetMetricCatalog(profileOf, origin),
      alarms: new AlarmStore({ clock: this.#clock, scenario: alarms }),
      functions: {
        configuration: name => {
          const profile = profileOf(name);
          return profile && configurationOf(profile);
        },
        configurations: () =>
          fleet
            .functionsAt(accountId, region)
            .map(index => configurationOf(fleet.profile(index))),
      },
      slos,
      changeEvents: functionName => {
        const profile = profileOf(functionName);
        return profile ? changeEventsOf(profile) : [];
      },
    };
  }
}
