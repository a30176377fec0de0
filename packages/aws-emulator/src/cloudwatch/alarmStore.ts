import { ScenarioClock } from '../clock';
import { StoredAlarm } from './types';

export type AlarmType = StoredAlarm['type'];

/**
 * The alarms a scenario defines in one account, built on demand: a fleet of thousands of
 * functions lists its alarm names, and builds an alarm only when an answer needs it.
 */
export interface ScenarioAlarms {
  /** Every alarm name, sorted by code unit as CloudWatch lists them. */
  readonly names: readonly string[];
  /** Whether an alarm of `names` is a metric or a composite alarm (not clock-dependent). */
  typeOf(name: string): AlarmType;
  /** The alarm as it stands at `now`; `undefined` for a name not in `names`. */
  build(name: string, now: Date): StoredAlarm | undefined;
  /**
   * Names (sorted) of the alarms that may watch a metric with these dimensions: any superset
   * will do. Without it, DescribeAlarmsForMetric looks at every alarm.
   */
  namesWatching?(dimensions: Readonly<Record<string, string>>): string[];
}

/** One alarm of a listing; `stored()` builds it. */
export interface ListedAlarm {
  name: string;
  type: AlarmType;
  stored(): StoredAlarm;
}

/**
 * The alarms CloudWatch knows in one account: the scenario's, overlaid by alarms put at
 * runtime (PutMetricAlarm / PutCompositeAlarm add one or replace one of the same name).
 */
export class AlarmStore {
  readonly #clock: ScenarioClock;
  readonly #scenario: ScenarioAlarms;
  readonly #putAtRuntime = new Map<string, StoredAlarm>();
  /** The names of #putAtRuntime, sorted. */
  #runtimeNames: string[] = [];

  constructor(options: { clock: ScenarioClock; scenario: ScenarioAlarms }) {
    this.#clock = options.clock;
    this.#scenario = options.scenario;
  }

  /**
   * The alarms in name order: those whose names come after `after`, or start with `prefix`.
   * Lazy, so a page of a long listing builds only the alarms it looks at.
   */
  *list(
    options: { after?: string; prefix?: string } = {},
  ): Generator<ListedAlarm> {
    const { after, prefix } = options;
    const from =
      after !== undefined && (prefix === undefined || after >= prefix)
        ? { name: after, inclusive: false }
        : { name: prefix ?? '', inclusive: true };
    const scenarioNames = this.#scenario.names;
    const runtimeNames = this.#runtimeNames;
    let i = lowerBound(scenarioNames, from.name, from.inclusive);
    let j = lowerBound(runtimeNames, from.name, from.inclusive);
    const now = this.#clock.now();
    while (i < scenarioNames.length || j < runtimeNames.length) {
      const scenarioName = scenarioNames[i];
      const runtimeName = runtimeNames[j];
      const takeRuntime =
        runtimeName !== undefined &&
        (scenarioName === undefined ||
          compareNames(runtimeName, scenarioName) <= 0);
      const name = takeRuntime ? runtimeName : scenarioName;
      if (prefix !== undefined && !name.startsWith(prefix)) {
        return;
      }
      if (takeRuntime) {
        // A runtime alarm replaces the scenario alarm of the same name.
        if (runtimeName === scenarioName) i++;
        j++;
        const stored = this.#putAtRuntime.get(name)!;
        yield { name, type: stored.type, stored: () => stored };
      } else {
        i++;
        yield {
          name,
          type: this.#scenario.typeOf(name),
          stored: () => this.#scenario.build(name, now)!,
        };
      }
    }
  }

  /**
   * The alarms that may watch a metric with these dimensions, in name order: the scenario's
   * candidates and every alarm put at runtime. The caller checks each.
   */
  *watching(
    dimensions: Readonly<Record<string, string>>,
  ): Generator<ListedAlarm> {
    if (!this.#scenario.namesWatching) {
      yield* this.list();
      return;
    }
    const now = this.#clock.now();
    const names = new Set([
      ...this.#scenario.namesWatching(dimensions),
      ...this.#runtimeNames,
    ]);
    for (const name of [...names].sort(compareNames)) {
      const stored =
        this.#putAtRuntime.get(name) ?? this.#scenario.build(name, now);
      if (stored) {
        yield { name, type: stored.type, stored: () => stored };
      }
    }
  }

  get(name: string): StoredAlarm | undefined {
    return (
      this.#putAtRuntime.get(name) ??
      this.#scenario.build(name, this.#clock.now())
    );
  }

  /** The alarm with this ARN (`arn:aws:cloudwatch:<region>:<account>:alarm:<name>`). */
  getByArn(arn: string): StoredAlarm | undefined {
    const marker = ':alarm:';
    const at = arn.indexOf(marker);
    const stored = at < 0 ? undefined : this.get(arn.slice(at + marker.length));
    return stored?.alarm.AlarmArn === arn ? stored : undefined;
  }

  put(stored: StoredAlarm): void {
    const name = stored.alarm.AlarmName;
    if (!this.#putAtRuntime.has(name)) {
      this.#runtimeNames.splice(
        lowerBound(this.#runtimeNames, name, true),
        0,
        name,
      );
    }
    this.#putAtRuntime.set(name, stored);
  }

  /** Forgets the alarms put at runtime. */
  reset(): void {
    this.#putAtRuntime.clear();
    this.#runtimeNames = [];
  }
}

/** Alarm names compare by code unit, as CloudWatch sorts them. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** The index of the first name ≥ `name` (`inclusive`) or > `name` in sorted `names`. */
function lowerBound(
  names: readonly string[],
  name: string,
  inclusive: boolean,
): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const before = inclusive ? names[middle] < name : names[middle] <= name;
    if (before) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}
