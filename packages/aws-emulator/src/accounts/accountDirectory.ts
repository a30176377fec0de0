import { ScenarioClock } from '../clock';
import { Fleet, FleetSettings } from '../fleet/fleet';
import { FleetAccounts } from '../fleet/fleetAccounts';
import { DEFAULT_FLEET_SEED, FleetOptions } from '../fleet/fleetTable';
import { createScenarioAccount } from '../scenarios/scenarioAccount';
import { AccountScenario } from './accountScenario';
import { Caller } from './caller';

/**
 * Tells which account a call is for. The fleet's accounts are told apart by the access key
 * ID a request is signed with — the account ID itself, as LocalStack does — so a backend
 * with one `aws.accounts` entry per fleet account reaches each with its own credentials.
 * Every other key, and an unsigned request, reaches the demo scenarios' account.
 */
export class AccountDirectory {
  readonly #clock: ScenarioClock;
  readonly #runbookBaseUrl: string;
  readonly #configuredFleet: FleetOptions | undefined;
  readonly #scenarioAccount: AccountScenario;
  #fleet: FleetAccounts | undefined;

  constructor(options: {
    clock: ScenarioClock;
    runbookBaseUrl: string;
    fleet?: FleetOptions;
  }) {
    this.#clock = options.clock;
    this.#runbookBaseUrl = options.runbookBaseUrl;
    this.#configuredFleet = options.fleet;
    this.#scenarioAccount = createScenarioAccount(options);
    this.setFleet(options.fleet);
  }

  /** The fleet in force, if any. */
  get fleet(): Fleet | undefined {
    return this.#fleet?.fleet;
  }

  /** Switches the fleet on (or to another size or seed), or off with `undefined`. */
  setFleet(options: FleetOptions | undefined): Fleet | undefined {
    const settings: FleetSettings | undefined = options && {
      ...options,
      runbookBaseUrl: this.#runbookBaseUrl,
    };
    this.#fleet = settings
      ? new FleetAccounts(new Fleet(settings), this.#clock)
      : undefined;
    return this.fleet;
  }

  accountOf(caller: Caller): AccountScenario {
    const { accessKeyId, region } = caller;
    return (
      (accessKeyId !== undefined &&
        region !== undefined &&
        this.#fleet?.scenario(accessKeyId, region)) ||
      this.#scenarioAccount
    );
  }

  /** The configured fleet again, and no alarms put at runtime. */
  reset(): void {
    this.#scenarioAccount.alarms.reset();
    if (this.#fleet && sameFleet(this.#fleet.fleet, this.#configuredFleet)) {
      this.#fleet.reset();
    } else {
      this.setFleet(this.#configuredFleet);
    }
  }
}

function sameFleet(fleet: Fleet, options: FleetOptions | undefined): boolean {
  return (
    options !== undefined &&
    fleet.size === options.size &&
    fleet.seed === (options.seed ?? DEFAULT_FLEET_SEED)
  );
}
