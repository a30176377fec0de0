import { parseArgs } from 'node:util';
import { startAwsEmulator } from './server';

export const PORT_ENV = 'LAMBDA_OPS_EMULATOR_PORT';
export const RUNBOOK_BASE_URL_ENV = 'LAMBDA_OPS_EMULATOR_RUNBOOK_BASE_URL';
export const RUNBOOKS_DIR_ENV = 'LAMBDA_OPS_EMULATOR_RUNBOOKS_DIR';
const DEFAULT_PORT = 4599;

const USAGE = `Usage: lambda-ops-aws-emulator [--port <port>] [--runbook-base-url <url>] [--runbooks-dir <dir>]

Serves CloudWatch, Application Signals and Lambda scenarios on http://127.0.0.1:<port>.
  --port               TCP port (env ${PORT_ENV}, default ${DEFAULT_PORT}; 0 picks a free one)
  --runbook-base-url   prefix of the runbook links in alarm descriptions (env ${RUNBOOK_BASE_URL_ENV})
  --runbooks-dir       directory of markdown runbooks served under /runbooks/ (env ${RUNBOOKS_DIR_ENV})
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

/** Runs the emulator until SIGINT or SIGTERM. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'runbook-base-url': { type: 'string' },
      'runbooks-dir': { type: 'string' },
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
  });
  console.log(`AWS emulator listening on ${emulator.url}`);

  const shutDown = () => {
    emulator.stop().catch(error => {
      console.error('AWS emulator: failed to stop cleanly', error);
      process.exitCode = 1;
    });
  };
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
}
