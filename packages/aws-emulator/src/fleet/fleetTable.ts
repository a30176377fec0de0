import { apportion, pick, shuffledIndices, unitHash } from './random';
import {
  FLEET_ACCOUNTS,
  FLEET_HEALTHS,
  FLEET_MIX,
  FLEET_PATTERNS,
  FLEET_SIZE_LIMITS,
  FLEET_TEAMS,
  FleetAccount,
  FleetHealth,
  FleetPattern,
  FleetTeam,
} from './layout';

/** What sets a fleet apart: how many functions, and the seed everything is derived from. */
export interface FleetOptions {
  /** Number of functions, 50 to 100,000. */
  size: number;
  /** Any integer; the same seed gives the same fleet. Defaults to 1. */
  seed?: number;
}

export const DEFAULT_FLEET_SEED = 1;

/** Yes/no traits of a function, one bit each. */
export const TRAITS = {
  /** api: a composite "user impact" alarm over its errors and latency alarms. */
  compositeAlarm: 1,
  /** api: runs the Lambda Insights extension, so it reports memory. */
  lambdaInsights: 2,
  reservedConcurrency: 4,
  /** One of its alarms links no runbook. */
  alarmWithoutRunbook: 8,
  /** One of its alarms has no severity tag. */
  unclassifiedAlarm: 16,
  /** Its entity has no `lambda-ops/runbook` annotation. */
  noRunbookAnnotation: 32,
  /** api: its entity has no `lambda-ops/slo-pattern` annotation (the default, api, applies). */
  noSloPatternAnnotation: 64,
} as const;

export type Trait = keyof typeof TRAITS;

const NOUNS: Record<FleetPattern, readonly string[]> = {
  api: ['api', 'gateway', 'graphql', 'web'],
  async: ['events', 'worker', 'consumer', 'stream'],
  batch: ['job', 'report', 'export', 'sync'],
};

/**
 * Which function is what: team, pattern, health and traits of every function, in a few
 * bytes each. Counts are exact shares of the size, drawn in seeded orders; everything else
 * about a function (its traffic, versions, alarms) is derived from its index on demand.
 */
export class FleetTable {
  readonly size: number;
  readonly seed: number;
  readonly #team: Uint8Array;
  readonly #pattern: Uint8Array;
  readonly #health: Uint8Array;
  readonly #traits: Uint8Array;
  readonly #region: Uint8Array;
  readonly #byName = new Map<string, number>();

  constructor(options: FleetOptions) {
    const { size, seed = DEFAULT_FLEET_SEED } = options;
    if (
      !Number.isInteger(size) ||
      size < FLEET_SIZE_LIMITS.min ||
      size > FLEET_SIZE_LIMITS.max
    ) {
      throw new Error(
        `The fleet size must be an integer from ${FLEET_SIZE_LIMITS.min} to ${
          FLEET_SIZE_LIMITS.max
        }, got ${JSON.stringify(size)}`,
      );
    }
    if (!Number.isSafeInteger(seed)) {
      throw new Error(
        `The fleet seed must be an integer, got ${JSON.stringify(seed)}`,
      );
    }
    this.size = size;
    this.seed = seed;
    this.#team = this.#assignTeams();
    this.#region = this.#assignRegions();
    this.#pattern = this.#assignPatterns();
    this.#health = this.#assignHealth();
    this.#traits = this.#assignTraits();
    for (let i = 0; i < size; i++) {
      this.#byName.set(this.name(i), i);
    }
  }

  team(index: number): FleetTeam {
    return FLEET_TEAMS[this.#team[index]];
  }

  account(index: number): FleetAccount {
    return FLEET_ACCOUNTS[this.team(index).account];
  }

  region(index: number): string {
    return this.account(index).regions[this.#region[index]].region;
  }

  pattern(index: number): FleetPattern {
    return FLEET_PATTERNS[this.#pattern[index]];
  }

  health(index: number): FleetHealth {
    return FLEET_HEALTHS[this.#health[index]];
  }

  has(index: number, trait: Trait): boolean {
    return (this.#traits[index] & TRAITS[trait]) !== 0;
  }

  /** `<team>-<noun>-<index>`, e.g. `shipping-worker-00042`: unique across the fleet. */
  name(index: number): string {
    const nouns = NOUNS[this.pattern(index)];
    const noun = nouns[pick(this.seed, index, 'noun', nouns.length)];
    return `${this.team(index).name}-${noun}-${String(index).padStart(5, '0')}`;
  }

  indexOf(functionName: string): number | undefined {
    return this.#byName.get(functionName);
  }

  /** A number in [0, 1) for one decision about one function. */
  unit(index: number, field: string): number {
    return unitHash(this.seed, index, field);
  }

  /** One of `choices` for one decision about one function. */
  choose<T>(index: number, field: string, choices: readonly T[]): T {
    return choices[pick(this.seed, index, field, choices.length)];
  }

  #assignTeams(): Uint8Array {
    const team = new Uint8Array(this.size);
    const counts = apportion(
      this.size,
      FLEET_TEAMS.map(t => t.weight),
    );
    const order = shuffledIndices(this.size, this.seed, 'team');
    let next = 0;
    counts.forEach((count, t) => {
      for (let k = 0; k < count; k++) team[order[next++]] = t;
    });
    return team;
  }

  #assignRegions(): Uint8Array {
    const region = new Uint8Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const { regions } = this.account(i);
      const total = regions.reduce((sum, r) => sum + r.weight, 0);
      let point = this.unit(i, 'region') * total;
      let r = 0;
      while (point >= regions[r].weight && r < regions.length - 1) {
        point -= regions[r].weight;
        r++;
      }
      region[i] = r;
    }
    return region;
  }

  #assignPatterns(): Uint8Array {
    const pattern = new Uint8Array(this.size); // 0: api
    const order = shuffledIndices(this.size, this.seed, 'pattern');
    const async = Math.round(this.size * FLEET_MIX.async);
    const batch = Math.round(this.size * FLEET_MIX.batch);
    for (let k = 0; k < async + batch; k++) {
      pattern[order[k]] = FLEET_PATTERNS.indexOf(k < async ? 'async' : 'batch');
    }
    return pattern;
  }

  /** A rare kind: at least one, so that even the smallest fleet shows every kind. */
  #count(share: number, of: number): number {
    return Math.max(1, Math.round(of * share));
  }

  /** The first `count` functions of a seeded order that `eligible` accepts. */
  #draw(
    stream: string,
    count: number,
    eligible: (index: number) => boolean,
  ): number[] {
    const drawn: number[] = [];
    for (const index of shuffledIndices(this.size, this.seed, stream)) {
      if (drawn.length === count) break;
      if (eligible(index)) drawn.push(index);
    }
    return drawn;
  }

  #assignHealth(): Uint8Array {
    const health = new Uint8Array(this.size); // 0: healthy
    const isHealthy = (i: number) => health[i] === 0;
    const draws: Array<[FleetHealth, number, (i: number) => boolean]> = [
      [
        'page',
        this.#count(FLEET_MIX.page, this.size),
        i => this.pattern(i) !== 'batch',
      ],
      [
        'ticket',
        this.#count(FLEET_MIX.ticket, this.size),
        i => this.pattern(i) === 'api' && isHealthy(i),
      ],
      ['no-traffic', this.#count(FLEET_MIX.noTraffic, this.size), isHealthy],
    ];
    for (const [kind, count, eligible] of draws) {
      for (const i of this.#draw(kind, count, eligible)) {
        health[i] = FLEET_HEALTHS.indexOf(kind);
      }
    }
    return health;
  }

  #assignTraits(): Uint8Array {
    const traits = new Uint8Array(this.size);
    const apis = this.#pattern.reduce((n, p) => n + (p === 0 ? 1 : 0), 0);
    const isApi = (i: number) => this.pattern(i) === 'api';
    const all = () => true;
    const draws: Array<[Trait, number, (i: number) => boolean]> = [
      ['compositeAlarm', this.#count(FLEET_MIX.compositeAlarm, apis), isApi],
      ['lambdaInsights', this.#count(FLEET_MIX.lambdaInsights, apis), isApi],
      [
        'noSloPatternAnnotation',
        this.#count(FLEET_MIX.noSloPatternAnnotation, apis),
        isApi,
      ],
      [
        'reservedConcurrency',
        this.#count(FLEET_MIX.reservedConcurrency, this.size),
        all,
      ],
      [
        'alarmWithoutRunbook',
        this.#count(FLEET_MIX.alarmWithoutRunbook, this.size),
        all,
      ],
      [
        'unclassifiedAlarm',
        this.#count(FLEET_MIX.unclassifiedAlarm, this.size),
        all,
      ],
      [
        'noRunbookAnnotation',
        this.#count(FLEET_MIX.noRunbookAnnotation, this.size),
        all,
      ],
    ];
    for (const [trait, count, eligible] of draws) {
      for (const i of this.#draw(trait, count, eligible)) {
        traits[i] |= TRAITS[trait];
      }
    }
    return traits;
  }
}
