import { parseArgs } from 'node:util';
import { FLEET_CATALOG_PATH } from './fleet/fleetFiles';
import { FleetOptions } from './fleet/fleetTable';
import { startAwsEmulator } from './server';

export const PORT_ENV = 'LAMBDA_OPS_EMULATOR_PORT';
export const RUNBOOK_BASE_URL_ENV = 'LAMBDA_OPS_EMULATOR_RUNBOOK_BASE_URL';
export const RUNBOOKS_DIR_ENV = 'LAMBDA_OPS_EMULATOR_RUNBOOKS_DIR';
export const CATALOG_DIR_ENV = 'LAMBDA_OPS_EMULATOR_CATALOG_DIR';
export const PUBLISHING_LAG_ENV = 'LAMBDA_OPS_EMULATOR_PUBLISHING_LAG';
export const FLEET_ENV = 'LAMBDA_OPS_EMULATOR_FLEET';
export const FLEET_SEED_ENV = 'LAMBDA_OPS_EMULATOR_FLEET_SEED';
const DEFAULT_PORT = 4599;
/** CloudWatch publishes Lambda metrics a minute or more late; the CLI does too. */
const DEFAULT_PUBLISHING_LAG_SECONDS = 120;

const USAGE = `Usage: lambda-ops-aws-emulator [--port <port>] [--runbook-base-url <url>] [--runbooks-dir <dir>] [--catalog-dir <dir>] [--publishing-lag <seconds>] [--fleet <size> [--fleet-seed <n>]]

Serves CloudWatch, Application Signals and Lambda scenarios on http://127.0.0.1:<port>.
  --port               TCP port (env ${PORT_ENV}, default ${DEFAULT_PORT}; 0 picks a free one)
  --runbook-base-url   prefix of the runbook links in alarm descriptions (env ${RUNBOOK_BASE_URL_ENV})
  --runbooks-dir       directory of markdown runbooks served under /runbooks/ (env ${RUNBOOKS_DIR_ENV})
  --catalog-dir        directory of catalog files whose YAML files are served under /catalog/ (env ${CATALOG_DIR_ENV})
  --publishing-lag     seconds after its end a minute of metrics is published (env ${PUBLISHING_LAG_ENV},
                       default ${DEFAULT_PUBLISHING_LAG_SECONDS}; 0 publishes each minute as soon as it is over)
  --fleet              also serve the fleet scenario of this many functions (env ${FLEET_ENV})
  --fleet-seed         seed of the fleet scenario (env ${FLEET_SEED_ENV}, default 1)
Env LAMBDA_OPS_EMULATOR_NOW (ISO 8601) pins the scenario clock; otherwise it follows the real time.`;

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `The port must be an integer from 0 to 65535, got '${value}'`,
    );
  }
  return port;
}

function parsePublishingLag(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(seconds)) {
    throw new Error(
      `The publishing lag must be a whole number of seconds, e.g. 120, got '${value}'`,
    );
  }
  return seconds;
}

function parseInteger(value: string | undefined, what: string) {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number)) {
    throw new Error(`${what} must be an integer, got '${value}'`);
  }
  return number;
}

/** Runs the emulator until SIGINT or SIGTERM. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'runbook-base-url': { type: 'string' },
      'runbooks-dir': { type: 'string' },
      'catalog-dir': { type: 'string' },
      'publishing-lag': { type: 'string' },
      fleet: { type: 'string' },
      'fleet-seed': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const emulator = await startAwsEmulator({
    port: parsePort(
      values.port ?? process.env[PORT_ENV] ?? String(DEFAULT_PORT),
    ),
    runbookBaseUrl:
      values['runbook-base-url'] ?? process.env[RUNBOOK_BASE_URL_ENV],
    runbooksDir: values['runbooks-dir'] ?? process.env[RUNBOOKS_DIR_ENV],
    catalogDir: values['catalog-dir'] ?? process.env[CATALOG_DIR_ENV],
    publishingLagSeconds: parsePublishingLag(
      values['publishing-lag'] ??
        process.env[PUBLISHING_LAG_ENV] ??
        String(DEFAULT_PUBLISHING_LAG_SECONDS),
    ),
    fleet: fleetOption(
      values.fleet ?? process.env[FLEET_ENV],
      values['fleet-seed'] ?? process.env[FLEET_SEED_ENV],
    ),
  });
  const fleet = emulator.fleet();
  console.log(
    `AWS emulator listening on ${emulator.url}${
      fleet
        ? ` with a fleet of ${fleet.size} functions (seed ${fleet.seed}; catalog at ${emulator.url}${FLEET_CATALOG_PATH})`
        : ''
    }`,
  );

  const shutDown = () => {
    emulator.stop().catch(error => {
      console.error('AWS emulator: failed to stop cleanly', error);
      process.exitCode = 1;
    });
  };
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
}

function fleetOption(
  size: string | undefined,
  seed: string | undefined,
): FleetOptions | undefined {
  const fleetSize = parseInteger(size, 'The fleet size (--fleet)');
  if (fleetSize === undefined) {
    if (seed !== undefined) {
      throw new Error('--fleet-seed needs --fleet <size>');
    }
    return undefined;
  }
  return { size: fleetSize, seed: parseInteger(seed, 'The fleet seed') };
}
