/* eslint-disable jest/no-standalone-expect -- each row's check runs inside the it.each below */
import { createServer, Server as HttpServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  fleetAwsAccounts,
  fleetCatalogEntities,
  KnobSettings,
  RunningAwsEmulator,
  startAwsEmulator,
} from '@lambda-ops/aws-emulator';
import type {
  CoverageResponse,
  OnCallResponse,
  SloReviewResponse,
} from '@lambda-ops/backstage-plugin-common';
import request, { Response } from 'supertest';
import { replyMatchesContract } from './__testUtils__/contract';
import {
  fleetCollectorOfBackend,
  PINNED_NOW,
  pinClockTicking,
  startLambdaOpsBackend,
} from './__testUtils__/testBackend';
import type { FleetCollector } from './services/fleet/FleetCollector';

/*
 * How the fleet views fare when AWS or the runbook host misbehaves during the collector's
 * refresh, one row per fault, read through the plugin's router as the portal reads them:
 * the on-call view, the coverage scorecard and its CSV, and the SLO review. One account
 * failing marks its rows unknown with the reason and leaves the others fresh; a refresh
 * that fails whole keeps the last snapshot, served stale with its age and cause, never
 * blanked; without any snapshot the views say why they are empty. None is a 500.
 */

jest.setTimeout(180_000);

const MINUTE = 60_000;
const FLEET = { size: 50, seed: 7 };
/** The fleet account whose calls the denied-account row refuses. */
const DENIED_ACCOUNT = '222222222222';
/** When the faulted refresh runs: the snapshot before it is this old. */
const MINUTES_LATER = 12;

interface Views {
  onCall: Response;
  coverage: Response;
  coverageCsv: Response;
  sloReview: Response;
}

/** The views after the last fault-free refresh before the row's fault. */
interface Baseline {
  snapshotAt: string;
  onCall: OnCallResponse;
  coverage: CoverageResponse;
  coverageCsv: string;
  sloReview: SloReviewResponse;
}

interface FaultRow {
  fault: string;
  knobs?: KnobSettings;
  /** The runbook host refuses every connection during the faulted refresh. */
  runbookHostDown?: boolean;
  /** No refresh succeeded before the faulted one: a backend of its own, never refreshed. */
  neverRefreshed?: boolean;
  /** The faulted refresh fails whole (and the collector says why). */
  refreshFails?: RegExp;
  check(views: Views, baseline: Baseline): void;
}

const path = (view: string) => `/api/lambda-ops/v1/${view}`;

/** The fleet entity a row of a view is about, by the account of its function. */
let accountOf: (entityRef: string) => string;

function servedStaleBecause(cause: RegExp) {
  return (
    { onCall, coverage, coverageCsv, sloReview }: Views,
    baseline: Baseline,
  ) => {
    for (const view of [onCall, coverage]) {
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({
        stale: true,
        // Its age: the snapshot of the refresh before, 12 minutes old.
        snapshotAt: baseline.snapshotAt,
        staleReason: expect.stringMatching(cause),
        emptyReason: null,
      });
    }
    // The figures of the last snapshot, whole.
    expect(baseline.onCall.rows.length).toBeGreaterThan(0);
    expect(onCall.body.rows).toEqual(baseline.onCall.rows);
    expect(coverage.body.entities).toEqual(baseline.coverage.entities);
    expect(coverageCsv.text).toBe(baseline.coverageCsv);
    expect(sloReview.body).toEqual(baseline.sloReview);
  };
}

const rows: FaultRow[] = [
  {
    fault: 'none',
    check: ({ onCall, coverage, sloReview }, baseline) => {
      expect(onCall.body).toMatchObject({ stale: false, staleReason: null });
      expect(onCall.body.snapshotAt).toBe(
        new Date(
          Date.parse(baseline.snapshotAt) + MINUTES_LATER * MINUTE,
        ).toISOString(),
      );
      expect(onCall.body.totals.unknown).toBe(0);
      expect(coverage.body.stale).toBe(false);
      expect(sloReview.body).toEqual(baseline.sloReview);
    },
  },
  {
    fault: 'one account denies access',
    knobs: { deniedAccount: DENIED_ACCOUNT },
    check: ({ onCall, coverage, coverageCsv }, baseline) => {
      expect(onCall.body).toMatchObject({ stale: false, staleReason: null });
      const denied = onCall.body.rows.filter(
        (row: { entityRef: string }) =>
          accountOf(row.entityRef) === DENIED_ACCOUNT,
      );
      const others = onCall.body.rows.filter(
        (row: { entityRef: string }) =>
          accountOf(row.entityRef) !== DENIED_ACCOUNT,
      );
      expect(denied.length).toBeGreaterThan(0);
      expect(others.length).toBeGreaterThan(0);
      for (const row of denied) {
        expect(row).toMatchObject({
          status: 'unknown',
          budgetRemaining: null,
          problems: expect.arrayContaining([
            {
              code: 'aws-error',
              message: expect.stringMatching(
                /refused the credentials \(AccessDenied\)/,
              ),
            },
          ]),
        });
      }
      // The rest refreshed: the statuses and figures of a fault-free refresh.
      const baselineRow = (ref: string) =>
        baseline.onCall.rows.find(row => row.entityRef === ref);
      expect(
        others.filter((row: { status: string }) => row.status === 'unknown'),
      ).toEqual([]);
      expect(
        others.map((row: { entityRef: string; status: string }) => row.status),
      ).toEqual(
        others.map(
          (row: { entityRef: string }) => baselineRow(row.entityRef)!.status,
        ),
      );
      // The scorecard cannot judge the denied entities' AWS checks, and says why.
      const scored = coverage.body.entities.find(
        (entity: { entityRef: string }) =>
          entity.entityRef === denied[0].entityRef,
      );
      expect(scored.checks['page-alarm']).toEqual({
        result: 'n/a',
        reason: expect.stringMatching(/^AWS data unavailable: .*AccessDenied/),
      });
      expect(coverageCsv.text.trim().split('\r\n')).toHaveLength(
        baseline.coverage.entities.length + 1,
      );
    },
  },
  {
    fault: 'GetMetricData throttled everywhere, even after retries',
    knobs: {
      serviceFaults: [
        { service: 'cloudwatch', operation: 'GetMetricData', kind: 'throttle' },
      ],
    },
    refreshFails: /throttled the request even after retries/,
    check: servedStaleBecause(
      /^No SLO could be read for any function, so the fleet views keep the last snapshot: CloudWatch in [\w-]+ throttled the request even after retries/,
    ),
  },
  {
    fault: 'GetMetricData Forbidden everywhere',
    knobs: { metricDataStatus: 'Forbidden' },
    refreshFails: /Forbidden/,
    check: servedStaleBecause(
      /^No SLO could be read for any function, .*GetMetricData only in part: .* Forbidden/,
    ),
  },
  {
    fault: 'AWS down',
    knobs: { outage: 'unavailable' },
    refreshFails: /unavailable/,
    check: servedStaleBecause(
      /CloudWatch in [\w-]+ is unavailable \(ServiceUnavailableException\)/,
    ),
  },
  {
    fault: 'AWS down, no snapshot ever taken',
    knobs: { outage: 'unavailable' },
    neverRefreshed: true,
    refreshFails: /unavailable/,
    check: ({ onCall, coverage, coverageCsv, sloReview }) => {
      const emptyReason = expect.stringMatching(
        /^The first fleet refresh failed: .*CloudWatch in [\w-]+ is unavailable \(ServiceUnavailableException\).*; the views fill in when a refresh \(lambdaOps.collector.schedule\) succeeds$/,
      );
      for (const view of [onCall, coverage]) {
        expect(view.status).toBe(200);
        expect(view.body).toMatchObject({
          snapshotAt: null,
          stale: true,
          staleReason: expect.stringMatching(/is unavailable/),
          emptyReason,
        });
      }
      expect(onCall.body.rows).toEqual([]);
      expect(coverage.body.entities).toEqual([]);
      expect(coverageCsv.text.trim().split('\r\n')).toHaveLength(1);
      expect(sloReview.body).toMatchObject({ rows: [], emptyReason });
    },
  },
  {
    fault: 'the alarm listing throttled',
    knobs: {
      serviceFaults: [
        {
          service: 'cloudwatch',
          operation: 'DescribeAlarms',
          kind: 'throttle',
        },
      ],
    },
    check: ({ onCall, coverage }) => {
      expect(onCall.body).toMatchObject({ stale: false, staleReason: null });
      // Every row says why its alarms are missing; no row claims a missing page alarm.
      for (const row of onCall.body.rows) {
        expect(row.status).toBe('unknown');
        expect(row.problems[0]).toEqual({
          code: 'aws-error',
          message: expect.stringMatching(
            /throttled the request even after retries/,
          ),
        });
      }
      for (const entity of coverage.body.entities) {
        expect(entity.checks['page-alarm']).toEqual({
          result: 'n/a',
          reason: expect.stringMatching(/^AWS data unavailable: .*throttled/),
        });
      }
    },
  },
  {
    fault: 'the runbook host down',
    runbookHostDown: true,
    check: ({ onCall, coverage }, baseline) => {
      expect(onCall.body).toMatchObject({ stale: false, staleReason: null });
      // The on-call view still links the runbooks of firing page alarms.
      expect(
        onCall.body.rows.map((row: { status: string }) => row.status),
      ).toEqual(baseline.onCall.rows.map(row => row.status));
      const readableBefore = baseline.coverage.entities.filter(
        entity => entity.checks.runbook.result === 'pass',
      );
      expect(readableBefore.length).toBeGreaterThan(0);
      for (const { entityRef } of readableBefore) {
        const entity = coverage.body.entities.find(
          (e: { entityRef: string }) => e.entityRef === entityRef,
        );
        expect(entity.checks.runbook).toEqual({
          result: 'fail',
          reason: expect.stringMatching(
            /^`lambda-ops\/runbook` links http:\/\/127\.0\.0\.1:\d+\/runbooks\/fleet\/[\w-]+\.md which could not be reached \(.*(fetch failed|socket hang up|ECONNRESET|ECONNREFUSED).*\): check that 127\.0\.0\.1:\d+ is up and that the backend can reach it/i,
          ),
        });
        // The link is named once: the reader's message does not repeat it.
        expect(entity.checks.runbook.reason.split('http://')).toHaveLength(2);
      }
    },
  },
];

/**
 * The host the fleet's runbook links point at: it passes requests on to the emulator's
 * runbook pages, or refuses every connection while it is down.
 */
async function startRunbookHost(emulatorUrl: () => string) {
  let down = false;
  const server: HttpServer = createServer(async (req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const upstream = await fetch(`${emulatorUrl()}${req.url}`);
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'text/plain',
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setDown: (value: boolean) => {
      down = value;
    },
    stop: () =>
      new Promise<void>(done => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

describe('the fleet views under AWS faults', () => {
  let emulator: RunningAwsEmulator;
  let runbookHost: Awaited<ReturnType<typeof startRunbookHost>>;
  let entities: Entity[];
  const counts = { survived: 0, unexpectedServerErrors: 0 };
  /**
   * The backend the rows share, one after the other: each heals the emulator and
   * refreshes (only the minutes since the last refresh are read), then faults it.
   */
  let shared: Awaited<ReturnType<typeof startBackend>>;
  /** Minutes after the pinned clock of the shared backend's last refresh. */
  let minutes = 0;

  /** A backend with its own database, and its fleet collector. */
  async function startBackend() {
    const fleet = fleetCollectorOfBackend();
    const server = await startLambdaOpsBackend({
      emulator,
      entities,
      aws: {
        mainAccount: { accessKeyId: 'test', secretAccessKey: 'test' },
        accounts: fleetAwsAccounts(),
      },
      backend: {
        reading: { allow: [{ host: new URL(runbookHost.url).host }] },
      },
      features: [fleet.feature],
    });
    return { server, collector: fleet.collector() };
  }

  /** A refresh at the pinned clock plus `after` minutes, as the scheduler would run it. */
  async function refreshAt(collector: FleetCollector, after: number) {
    const at = new Date(PINNED_NOW.getTime() + after * MINUTE);
    jest.setSystemTime(at);
    emulator.setNow(at);
    return collector.refresh();
  }

  async function readViews(
    server: Parameters<typeof request>[0],
  ): Promise<Views> {
    // A service principal, as Tech Insights asks: the whole fleet in every view.
    const get = (view: string) =>
      request(server)
        .get(path(view))
        .set('authorization', mockCredentials.service.header());
    return {
      onCall: await get('on-call'),
      coverage: await get('coverage'),
      coverageCsv: await get('coverage?format=csv'),
      sloReview: await get('slo-review'),
    };
  }

  /** A fault-free refresh of the shared backend, and its views. */
  async function refreshFaultFree(backend: typeof shared): Promise<Baseline> {
    minutes += MINUTES_LATER;
    await refreshAt(backend.collector, minutes);
    const views = await readViews(backend.server);
    return {
      snapshotAt: views.onCall.body.snapshotAt,
      onCall: views.onCall.body,
      coverage: views.coverage.body,
      coverageCsv: views.coverageCsv.text,
      sloReview: views.sloReview.body,
    };
  }

  beforeAll(async () => {
    runbookHost = await startRunbookHost(() => emulator.url);
    const runbookBaseUrl = `${runbookHost.url}/runbooks/`;
    emulator = await startAwsEmulator({
      port: 0,
      now: PINNED_NOW,
      fleet: FLEET,
      runbookBaseUrl,
    });
    entities = fleetCatalogEntities({ ...FLEET, runbookBaseUrl }) as Entity[];
    const functionAccounts = new Map(
      entities.flatMap(entity => {
        const arn =
          entity.metadata.annotations?.['aws.amazon.com/lambda-function-arn'];
        return arn
          ? [[`component:default/${entity.metadata.name}`, arn.split(':')[4]]]
          : [];
      }),
    );
    accountOf = ref => functionAccounts.get(ref) ?? 'none';
    shared = await startBackend();
  });
  beforeEach(() => {
    pinClockTicking();
    emulator.reset();
    runbookHost.setDown(false);
  });
  afterEach(() => jest.useRealTimers());
  afterAll(async () => {
    await emulator?.stop();
    await runbookHost?.stop();
    // The suite's figures, for the record of each run.
    // eslint-disable-next-line no-console
    console.log(
      `fleet faults: ${counts.survived}/${rows.length} survived, unexpected 5xx: ${counts.unexpectedServerErrors}`,
    );
  });

  it.each(rows.map(row => [row.fault, row] as const))(
    '%s',
    async (_fault, row) => {
      const { server, collector } = row.neverRefreshed
        ? await startBackend()
        : shared;
      const baseline = row.neverRefreshed
        ? undefined
        : await refreshFaultFree(shared);
      emulator.setKnobs(row.knobs ?? {});
      runbookHost.setDown(row.runbookHostDown ?? false);

      minutes += MINUTES_LATER;
      const outcome = await refreshAt(collector, minutes).then(
        () => 'refreshed',
        (error: Error) => error.message,
      );
      expect(outcome).toMatch(row.refreshFails ?? /^refreshed$/);

      const views = await readViews(server);
      const replies = Object.values(views);
      counts.unexpectedServerErrors += replies.filter(
        res => res.status >= 500,
      ).length;
      expect(replies.map(res => res.status)).toEqual([200, 200, 200, 200]);
      for (const res of [views.onCall, views.coverage, views.sloReview]) {
        replyMatchesContract(res);
      }
      row.check(views, baseline!);
      counts.survived += 1;
    },
  );
});
