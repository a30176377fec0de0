import { ScenarioClock } from '../clock';
import { scenarioAlarms } from '../scenarios/alarms';
import { StoredAlarm } from './types';

/**
 * The alarms CloudWatch knows: the scenario alarms, overlaid by alarms put at runtime
 * (PutMetricAlarm / PutCompositeAlarm add one or replace one of the same name).
 */
export class AlarmStore {
  readonly #clock: ScenarioClock;
  readonly #runbookBaseUrl: string;
  readonly #putAtRuntime = new Map<string, StoredAlarm>();

  constructor(options: { clock: ScenarioClock; runbookBaseUrl: string }) {
    this.#clock = options.clock;
    this.#runbookBaseUrl = options.runbookBaseUrl;
  }

  /** Every alarm, sorted by name as CloudWatch lists them. */
  list(): StoredAlarm[] {
    const byName = new Map(
      scenarioAlarms(this.#clock.now(), this.#runbookBaseUrl).map(stored => [
        stored.alarm.AlarmName,
        stored,
      ]),
    );
    for (const [name, stored] of this.#putAtRuntime) {
      byName.set(name, stored);
    }
    return [...byName.values()].sort((a, b) =>
      compareNames(a.alarm.AlarmName, b.alarm.AlarmName),
    );
  }

  get(name: string): StoredAlarm | undefined {
    return this.list().find(stored => stored.alarm.AlarmName === name);
  }

  put(stored: StoredAlarm): void {
    this.#putAtRuntime.set(stored.alarm.AlarmName, stored);
  }

  /** Forgets the alarms put at runtime. */
  reset(): void {
    this.#putAtRuntime.clear();
  }
}

/** Alarm names compare by code unit, as CloudWatch sorts them. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
