import { AccountScenario } from '../accounts/accountScenario';
import {
  AlarmStore,
  compareNames,
  ScenarioAlarms,
} from '../cloudwatch/alarmStore';
import { MINUTE_MS, ScenarioClock, scenarioOrigin } from '../clock';
import { accountArns } from '../scenarios/account';
import { AlarmBuilder } from '../scenarios/alarmBuilder';
import { changeEventsOf, configurationOf, Fleet, locationKey } from './fleet';
import {
  buildFleetAlarm,
  FleetAlarmFacts,
  parseAlarmName,
} from './fleetAlarms';
import { FleetMetricCatalog } from './fleetMetrics';
import { FunctionProfile, profileAfterStart } from './functionProfile';
import { FLEET_ACCOUNTS } from './layout';

/**
 * The fleet as AWS callers see it: one account scenario per fleet account and region, made
 * when first asked for. Each keeps only the alarms put into it at runtime.
 *
 * The fleet's events (burns, the deploys that started them, alarm state changes) are placed
 * before its start, the scenario origin when it was switched on or reset. As the clock moves
 * on from there, a burn goes on and every event stays where it was, so what a caller read
 * before is still true later, as with CloudWatch. With the clock set before the start, the
 * events keep their distance from it, as at the start.
 */
export class FleetAccounts {
  readonly fleet: Fleet;
  readonly #clock: ScenarioClock;
  readonly #scenarios = new Map<string, AccountScenario>();
  #start: number;

  constructor(fleet: Fleet, clock: ScenarioClock) {
    this.fleet = fleet;
    this.#clock = clock;
    this.#start = scenarioOrigin(clock.now());
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

  /** Forgets the alarms put at runtime, and starts the fleet again at the clock's time. */
  reset(): void {
    this.#start = scenarioOrigin(this.#clock.now());
    for (const scenario of this.#scenarios.values()) {
      scenario.alarms.reset();
    }
  }

  /** Whole minutes from the fleet's start to `origin`; 0 before it. */
  #minutesAfterStart(origin: number): number {
    return Math.max(0, (origin - this.#start) / MINUTE_MS);
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
    const profileAt = (
      functionName: string,
      origin: number,
    ): FunctionProfile | undefined => {
      const profile = profileOf(functionName);
      return (
        profile && profileAfterStart(profile, this.#minutesAfterStart(origin))
      );
    };
    const profileNow = (functionName: string) =>
      profileAt(functionName, scenarioOrigin(this.#clock.now()));
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
        // The profile and the builder both as at the start: the states' times stay put.
        return fn && facts
          ? buildFleetAlarm(
              facts,
              fn.profile,
              new AlarmBuilder(
                arns,
                Math.min(scenarioOrigin(now), this.#start),
              ),
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
      metricsAt: origin =>
        new FleetMetricCatalog(name => profileAt(name, origin), origin),
      alarms: new AlarmStore({ clock: this.#clock, scenario: alarms }),
      functions: {
        configuration: name => {
          const profile = profileNow(name);
          return profile && configurationOf(profile);
        },
        configurations: () => {
          const minutes = this.#minutesAfterStart(
            scenarioOrigin(this.#clock.now()),
          );
          return fleet
            .functionsAt(accountId, region)
            .map(index =>
              configurationOf(profileAfterStart(fleet.profile(index), minutes)),
            );
        },
      },
      slos,
      changeEvents: functionName => {
        const profile = profileNow(functionName);
        return profile ? changeEventsOf(profile) : [];
      },
    };
  }
}
