/**
 * How long `GET /v1/on-call` and `GET /v1/coverage` take to build their replies for a fleet
 * of 10,000 entities, warm: the snapshot read from the plugin's database (an SQLite file,
 * or PostgreSQL, see `openBenchDatabase`), the ownership lookup, the catalog's visibility answer (an in-process catalog, so
 * no network time), the rows, the sort and the JSON. Target: p95 under 300 ms. Prints
 * figures; it asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Alarm,
  computeSloStatus,
  FleetEntitySnapshot,
  Slo,
} from '@lambda-ops/backstage-plugin-common';
import { fleetEntity } from '../src/__fixtures__/fleetSnapshots';
import { openBenchDatabase } from './benchDatabase';
import { FleetSnapshotStore } from '../src/services/fleet/FleetSnapshotStore';
import { FleetViewsService } from '../src/services/fleet/FleetViewsService';
import { registerLambdaOpsActions } from '../src/actions/registerLambdaOpsActions';
import type { DeployGateService } from '../src/services/DeployGateService';
import type { OperationsService } from '../src/services/OperationsService';
import type { SloReviewService } from '../src/services/review/SloReviewService';

const FLEET_SIZE = 10_000;
const TEAMS = 50;
const WARM_UP_RUNS = 5;
const RUNS = 50;
const TARGET_P95_MS = 300;

function benchSlo(i: number, objective: 'availability' | 'latency'): Slo {
  const remaining = ((i * 37) % 120) / 100 - 0.2;
  const rows = (
    [
      ['page', '1h', '5m', 14.4],
      ['page', '6h', '30m', 6],
      ['ticket', '1d', '2h', 3],
      ['ticket', '3d', '6h', 1],
    ] as const
  ).map(([severity, longWindow, shortWindow, threshold]) => ({
    severity,
    longWindow,
    shortWindow,
    threshold,
    long: (i % 17) / 2,
    short: (i % 13) / 2,
    firing: false,
    state: 'not-firing' as const,
  }));
  const errorBudget = {
    total: 1000,
    consumed: 500,
    remaining,
    unit: 'requests' as const,
  };
  return {
    id: `fn-${i}:${objective}`,
    source: 'cloudwatch',
    objective,
    description: objective,
    target: 0.999,
    window: '30d',
    evaluation: 'request',
    attainment: 0.999 - remaining / 1000,
    errorBudget,
    burnRates: rows,
    status: computeSloStatus(errorBudget, rows),
    burnDown: [],
    counts: [],
    burningSince: null,
    dataThrough: '2026-11-29T11:58:00Z',
    budgetKind: 'ratio',
    deployBeforeBurn: null,
    exclusionWindows: [],
  };
}

function benchAlarm(i: number, n: number): Alarm {
  const severity = (['page', 'ticket', 'unclassified'] as const)[n];
  return {
    name: `fn-${i}-alarm-${severity}`,
    arn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:fn-${i}-${n}`,
    type: 'metric',
    kind: 'metric',
    defects: severity === 'unclassified' ? ['unclassified'] : [],
    metric: 'Errors',
    state: i % 50 === 0 && n === 0 ? 'ALARM' : 'OK',
    stateSince: null,
    severity,
    severitySource: severity === 'unclassified' ? null : 'name',
    runbookUrl: i % 7 === 0 ? null : `https://runbooks.example.com/fn-${i}`,
    runbookProblem: null,
  };
}

/** A deterministic fleet: most healthy, some burning, some alarms without runbooks. */
function fleet(): FleetEntitySnapshot[] {
  return Array.from({ length: FLEET_SIZE }, (_, i) => {
    const alarms = [0, 1, 2].map(n => benchAlarm(i, n));
    return fleetEntity(
      `component:default/fn-${i}`,
      `group:default/team-${i % TEAMS}`,
      {
        slos: [benchSlo(i, 'availability'), benchSlo(i + 1, 'latency')],
        alarms,
        alarmRunbooks: alarms
          .filter(a => a.runbookUrl)
          .map(a => ({
            url: a.runbookUrl!,
            readable: i % 11 !== 0,
            reason: i % 11 ? null : 'answers 404',
          })),
        runbook:
          i % 5 === 0
            ? null
            : {
                annotation: `https://runbooks.example.com/fn-${i}`,
                url: `https://runbooks.example.com/fn-${i}`,
                readable: true,
                reason: null,
              },
      },
    );
  });
}

/** A catalog that knows every entity of the fleet, looked up by ref as a database would. */
function inProcessCatalog(entities: FleetEntitySnapshot[]) {
  const byRef = new Map<string, Entity>(
    entities.map(e => [
      e.entityRef,
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: e.entityRef },
      },
    ]),
  );
  // Only the call the views make; jest's mocks are not at hand outside the tests.
  const catalog: Pick<CatalogService, 'getEntitiesByRefs'> = {
    async getEntitiesByRefs(request) {
      return { items: request.entityRefs.map(ref => byRef.get(ref)) };
    },
  };
  return catalog as CatalogService;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

/** Times `work`, which makes a reply's JSON text as its route sends it. */
async function timeRuns(work: () => Promise<string>) {
  for (let run = 0; run < WARM_UP_RUNS; run++) {
    await work();
  }
  const millis: number[] = [];
  let bytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    bytes = (await work()).length;
    millis.push(performance.now() - start);
  }
  return { p50: percentile(millis, 50), p95: percentile(millis, 95), bytes };
}

export async function main(): Promise<void> {
  const entities = fleet();
  const database = await openBenchDatabase('lambda_ops_views_bench');
  console.log(`fleet views: the snapshot in ${database.description}`);
  try {
    const store = await FleetSnapshotStore.create({
      database: mockServices.database({ knex: database.knex }),
    });
    await store.replaceSnapshot(entities, new Date('2026-11-29T11:55:00Z'));
    await benchViews(
      new FleetViewsService({
        source: store,
        catalog: inProcessCatalog(entities),
        userInfo: mockServices.userInfo(),
        auth: mockServices.auth(),
      }),
    );
  } finally {
    await database.close();
  }
}

async function benchViews(views: FleetViewsService): Promise<void> {
  const service = mockCredentials.service();
  const oneTeam = { owner: ['group:default/team-7'] };
  const cold = performance.now();
  await views.getOnCall({}, service);
  console.log(
    `fleet views, ${FLEET_SIZE.toLocaleString(
      'en-US',
    )} entities: first request after a refresh (reads and parses the snapshot): ${(
      performance.now() - cold
    ).toFixed(0)} ms`,
  );
  const onCallJson = async (query: { owner?: string[] }) =>
    JSON.stringify(await views.getOnCall(query, service));
  const cases: Array<[string, () => Promise<string>]> = [
    ['GET /v1/on-call, the whole fleet', () => onCallJson({})],
    [
      'GET /v1/coverage, the whole fleet',
      () => views.getCoverageJson({}, service),
    ],
    [
      `GET /v1/on-call, one team (${FLEET_SIZE / TEAMS} entities)`,
      () => onCallJson(oneTeam),
    ],
    [
      `GET /v1/coverage, one team (${FLEET_SIZE / TEAMS} entities)`,
      () => views.getCoverageJson(oneTeam, service),
    ],
  ];
  // The actions an assistant calls answer the first rows, not megabytes.
  const actionsRegistry = actionsRegistryServiceMock({
    // The default is a jest mock, which needs jest.
    logger: mockServices.rootLogger({ level: 'error' }),
  });
  registerLambdaOpsActions({
    actionsRegistry,
    fleetViews: views,
    operations: {} as OperationsService,
    deployGate: {} as DeployGateService,
    sloReview: {} as SloReviewService,
  });
  const actionJson = async (name: string) =>
    JSON.stringify(
      (
        await actionsRegistry.invoke({
          id: `test:${name}`,
          input: {},
          credentials: service,
        })
      ).output,
    );
  cases.push(
    ['action get-on-call, the whole fleet', () => actionJson('get-on-call')],
    [
      'action get-runbook-coverage, the whole fleet',
      () => actionJson('get-runbook-coverage'),
    ],
  );
  for (const [name, work] of cases) {
    const { p50, p95, bytes } = await timeRuns(work);
    console.log(
      `fleet views, ${FLEET_SIZE.toLocaleString(
        'en-US',
      )} entities: ${name}: p95 ${p95.toFixed(1)} ms, p50 ${p50.toFixed(
        1,
      )} ms over ${RUNS} warm runs, ${
        bytes < 1e6
          ? `${(bytes / 1e3).toFixed(1)} KB`
          : `${(bytes / 1e6).toFixed(1)} MB`
      } of JSON (target p95 < ${TARGET_P95_MS} ms: ${
        p95 < TARGET_P95_MS ? 'met' : 'MISSED'
      })`,
    );
  }
}
