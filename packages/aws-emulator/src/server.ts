import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createApplicationSignalsService } from './applicationSignals/service';
import { AccountDirectory } from './accounts/accountDirectory';
import { accessDenied } from './accounts/accessDenied';
import { callerOf } from './accounts/caller';
import { AwsError } from './awsError';
import { AwsRequest, AwsResponse, AwsService } from './awsService';
import { parseInstant, ScenarioClock } from './clock';
import { createCloudWatchService } from './cloudwatch/service';
import { ControlApi, CONTROL_PREFIX } from './controlApi';
import { readBody } from './httpBody';
import {
  EmulatedService,
  EmulatorKnobs,
  FaultInjector,
  KnobSettings,
} from './knobs';
import { createLambdaService } from './lambda/service';
import {
  CATALOG_FILES,
  isRunbookRequest,
  RunbookHost,
} from './runbooks/runbookHost';
import { FleetManifest } from './fleet/manifest';
import { FLEET_PATH, fleetRunbooks, serveFleetFile } from './fleet/fleetFiles';
import { FleetOptions } from './fleet/fleetTable';
import { DEFAULT_RUNBOOK_BASE_URL } from './scenarios/account';
import { EmulatorStats, StatsRecorder } from './stats';

/** Pins the scenario clock when set (ISO 8601) and no `now` option is given. */
export const NOW_ENV = 'LAMBDA_OPS_EMULATOR_NOW';

export interface AwsEmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; defaults to 127.0.0.1. */
  host?: string;
  /** Pins the scenario clock; else `LAMBDA_OPS_EMULATOR_NOW`, else the real time. */
  now?: Date;
  /** Prefix of the runbook links in alarm descriptions; defaults to http://localhost:4599/runbooks/. */
  runbookBaseUrl?: string;
  /**
   * Directory of markdown runbooks served under `/runbooks/`, standing in for the docs host
   * the alarm links point to; without it every runbook is a 404.
   */
  runbooksDir?: string;
  /**
   * Directory of the catalog files, whose YAML files are served under `/catalog/`, standing
   * in for the git host of the catalog (the examples' maintenance calendars); without it
   * every such file is a 404.
   */
  catalogDir?: string;
  /**
   * How many seconds after its end a minute of metrics is published (the
   * `publishingLagSeconds` knob, and what `reset()` returns it to); defaults to 0.
   */
  publishingLagSeconds?: number;
  /** Switches the fleet scenario on: `size` functions across the fleet's accounts. */
  fleet?: FleetOptions;
}

export interface RunningAwsEmulator {
  /** Base URL to give the AWS SDK as `endpoint`, e.g. http://127.0.0.1:4599. */
  readonly url: string;
  readonly port: number;
  /** Pins the scenario clock, or with no argument lets it follow the real time. */
  setNow(now?: Date): void;
  /** The scenario clock's current time. */
  now(): Date;
  setKnobs(settings: KnobSettings): EmulatorKnobs;
  knobs(): EmulatorKnobs;
  stats(): EmulatorStats;
  resetStats(): void;
  /**
   * Switches the fleet scenario on, to another size or seed, or off (`null`); answers its
   * manifest. The demo scenarios stay as they are.
   */
  setFleet(options: FleetOptions | null): FleetManifest | null;
  /** The manifest of the fleet in force, or `null`. */
  fleet(): FleetManifest | null;
  /** Back to the start: clock, knobs and fleet as configured, no runtime alarms, zero stats. */
  reset(): void;
  stop(): Promise<void>;
}

/**
 * Starts the emulator of CloudWatch, Application Signals and Lambda, and the runbook host, on
 * one HTTP port.
 */
export async function startAwsEmulator(
  options: AwsEmulatorOptions = {},
): Promise<RunningAwsEmulator> {
  const configuredNow = options.now ?? nowFromEnvironment();
  const clock = new ScenarioClock(configuredNow);
  const stats = new StatsRecorder();
  const faults = new FaultInjector(options.publishingLagSeconds);
  const accounts = new AccountDirectory({
    clock,
    runbookBaseUrl: withTrailingSlash(
      options.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL,
    ),
    fleet: options.fleet,
  });
  const cloudWatch = createCloudWatchService({
    clock,
    stats,
    publishingLagMs: () => faults.knobs.publishingLagSeconds * 1000,
    metricDataFaults: () => faults.knobs,
  });
  const lambda = createLambdaService(clock);
  const applicationSignals = createApplicationSignalsService(clock);
  const runbooks = await RunbookHost.open(options.runbooksDir);
  const catalogFiles = await RunbookHost.open(
    options.catalogDir,
    CATALOG_FILES,
  );

  const reset = () => {
    clock.pin(configuredNow);
    faults.reset();
    accounts.reset();
    stats.reset();
  };

  const control = new ControlApi({ clock, faults, stats, accounts, reset });

  function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawTarget = req.url ?? '/';
    if (isRunbookRequest(rawTarget)) {
      return runbooks.handle(req, res, fleetRunbooks(accounts.fleet));
    }
    if (isRunbookRequest(rawTarget, CATALOG_FILES)) {
      return catalogFiles.handle(req, res);
    }
    const url = new URL(rawTarget, 'http://emulator');
    if (url.pathname.startsWith(FLEET_PATH)) {
      serveFleetFile(req, res, url.pathname, accounts.fleet);
      return Promise.resolve();
    }
    return url.pathname.startsWith(CONTROL_PREFIX)
      ? control.handle(req, res, url.pathname)
      : serveAws(req, res, url);
  }

  const server = createServer((req, res) => {
    dispatch(req, res).catch(error => {
      // A bug must not take the emulator down: answer 500 and keep serving.
      console.error('AWS emulator: unexpected failure', error);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
      }
      res.end(
        JSON.stringify({
          __type: 'InternalFailure',
          message: 'The emulator failed unexpectedly',
        }),
      );
    });
  });

  /** CloudWatch and Lambda recognise their requests; everything else goes to Application Signals. */
  function serviceFor(
    head: Omit<AwsRequest, 'body' | 'account' | 'location'>,
  ): {
    service: AwsService;
    name: EmulatedService;
    operation: string;
  } {
    for (const [service, name] of [
      [cloudWatch, 'cloudwatch'],
      [lambda, 'lambda'],
    ] as const) {
      const operation = service.operationOf(head);
      if (operation !== undefined) {
        return { service, name, operation };
      }
    }
    return {
      service: applicationSignals,
      name: 'applicationSignals',
      operation: applicationSignals.operationOf(head) ?? 'UnknownOperation',
    };
  }

  /** Waits `ms`; false as soon as the caller closes the connection (the call is cancelled). */
  async function waitWhileConnected(
    req: IncomingMessage,
    ms: number,
  ): Promise<boolean> {
    const closed = new AbortController();
    const onClose = () => closed.abort();
    req.socket.once('close', onClose);
    try {
      await delay(ms, undefined, { signal: closed.signal });
      return true;
    } catch {
      return false;
    } finally {
      req.socket.off('close', onClose);
    }
  }

  async function serveAws(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<void> {
    const head = {
      method: req.method ?? 'GET',
      rawPath: url.pathname,
      query: url.searchParams,
      headers: req.headers,
    };
    const { service, name, operation } = serviceFor(head);
    const caller = callerOf(req.headers);
    const account = accounts.accountOf(caller);
    const location = {
      accountId: account.accountId,
      region: caller.region ?? account.region,
    };
    stats.recordCall(operation, location);
    const body = await readBody(req);
    // An outage wins; otherwise IAM refuses a denied account's call before it could be throttled.
    const denied =
      !faults.knobs.outage && faults.knobs.deniedAccount === account.accountId;
    const fault = denied
      ? 'denied'
      : faults.nextFault({ service: name, operation });
    const { latencyMs } = faults.knobs;
    if (latencyMs > 0 && !(await waitWhileConnected(req, latencyMs))) {
      stats.recordCancelled();
      return;
    }
    if (fault === 'drop') {
      stats.recordOutage();
      req.socket.destroy();
      return;
    }
    let response: AwsResponse;
    if (fault === 'denied') {
      stats.recordDenied();
      response = service.errorResponse(
        accessDenied(
          account,
          operation,
          denied ? 'deniedAccount' : 'serviceFaults',
        ),
      );
    } else if (fault === 'unavailable') {
      stats.recordOutage();
      response = service.errorResponse(
        new AwsError(
          'ServiceUnavailableException',
          'Service Unavailable (emulated outage)',
        ),
      );
    } else if (fault === 'not-found') {
      response = service.errorResponse(
        new AwsError(
          'ResourceNotFoundException',
          `${operation} is not available: the service is not enabled for this account in this region (emulated)`,
        ),
      );
    } else if (fault === 'throttle') {
      stats.recordThrottled();
      response = service.errorResponse(
        new AwsError('ThrottlingException', 'Rate exceeded'),
      );
    } else {
      response = service.handle(operation, {
        ...head,
        body,
        account,
        location,
      });
    }
    res.writeHead(response.status, {
      ...response.headers,
      'x-amzn-requestid': randomUUID(),
      'content-length': Buffer.byteLength(response.body),
    });
    res.end(response.body);
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    setNow: now => clock.pin(now),
    now: () => clock.now(),
    setKnobs: settings => faults.set(settings),
    knobs: () => faults.knobs,
    setFleet: fleetOptions =>
      accounts.setFleet(fleetOptions ?? undefined)?.manifest() ?? null,
    fleet: () => accounts.fleet?.manifest() ?? null,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    reset,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        // The SDK keeps connections alive; close them so that `close` completes.
        server.closeAllConnections();
      }),
  };
}

function nowFromEnvironment(): Date | undefined {
  const value = process.env[NOW_ENV];
  return value ? parseInstant(value, NOW_ENV) : undefined;
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
