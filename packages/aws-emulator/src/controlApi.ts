import { IncomingMessage, ServerResponse } from 'node:http';
import { AccountDirectory } from './accounts/accountDirectory';
import { parseInstant, ScenarioClock } from './clock';
import { readBody } from './httpBody';
import { FaultInjector, KnobSettings } from './knobs';
import { StatsRecorder } from './stats';

/** Control API paths start with this; they are neither counted nor subject to the knobs. */
export const CONTROL_PREFIX = '/_emulator/';

/**
 * The control API, JSON over HTTP:
 *   GET  /_emulator/health        → { status: "ok" }
 *   GET  /_emulator/stats         → EmulatorStats;   POST /_emulator/stats/reset
 *   GET  /_emulator/knobs         → EmulatorKnobs;   POST /_emulator/knobs  { …KnobSettings }
 *   GET  /_emulator/now           → { now, pinned }; POST /_emulator/now    { now: ISO | null }
 *   GET  /_emulator/fleet         → { fleet: FleetManifest | null };
 *   POST /_emulator/fleet         { size: number | null, seed?: number }
 *   POST /_emulator/reset
 */
export class ControlApi {
  readonly #clock: ScenarioClock;
  readonly #faults: FaultInjector;
  readonly #stats: StatsRecorder;
  readonly #accounts: AccountDirectory;
  readonly #reset: () => void;

  constructor(options: {
    clock: ScenarioClock;
    faults: FaultInjector;
    stats: StatsRecorder;
    accounts: AccountDirectory;
    reset: () => void;
  }) {
    this.#clock = options.clock;
    this.#faults = options.faults;
    this.#stats = options.stats;
    this.#accounts = options.accounts;
    this.#reset = options.reset;
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
  ): Promise<void> {
    const route = `${req.method} ${pathname.slice(CONTROL_PREFIX.length)}`;
    const body = await readBody(req);
    try {
      const answer = this.#answer(route, body);
      if (answer === undefined) {
        send(res, 404, { error: `No control operation ${route}` });
      } else {
        send(res, 200, answer);
      }
    } catch (error) {
      send(res, 400, {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  #answer(route: string, body: string): object | undefined {
    switch (route) {
      case 'GET health':
        return { status: 'ok' };
      case 'GET stats':
        return this.#stats.snapshot();
      case 'POST stats/reset':
        this.#stats.reset();
        return this.#stats.snapshot();
      case 'GET knobs':
        return this.#faults.knobs;
      case 'POST knobs':
        return this.#faults.set(parseControlBody(body) as KnobSettings);
      case 'GET now':
        return this.#nowState();
      case 'POST now': {
        const { now } = parseControlBody(body);
        if (now !== null && typeof now !== 'string') {
          throw new Error(
            'now must be an ISO 8601 timestamp, or null to follow the real time',
          );
        }
        this.#clock.pin(now === null ? undefined : parseInstant(now, 'now'));
        return this.#nowState();
      }
      case 'GET fleet':
        return this.#fleetState();
      case 'POST fleet': {
        const { size, seed, ...unknown } = parseControlBody(body);
        if (Object.keys(unknown).length > 0) {
          throw new Error(
            `Unknown fleet setting(s): ${Object.keys(unknown).join(
              ', ',
            )}; known: size, seed`,
          );
        }
        if (size !== null && typeof size !== 'number') {
          throw new Error(
            'size must be the number of functions, or null to switch the fleet off',
          );
        }
        if (seed !== undefined && typeof seed !== 'number') {
          throw new Error('seed must be an integer');
        }
        this.#accounts.setFleet(size === null ? undefined : { size, seed });
        return this.#fleetState();
      }
      case 'POST reset':
        this.#reset();
        return { status: 'ok', ...this.#nowState() };
      default:
        return undefined;
    }
  }

  #fleetState() {
    return { fleet: this.#accounts.fleet?.manifest() ?? null };
  }

  #nowState() {
    return {
      now: this.#clock.now().toISOString(),
      pinned: this.#clock.isPinned,
    };
  }
}

function parseControlBody(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw new Error('The body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('The body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
