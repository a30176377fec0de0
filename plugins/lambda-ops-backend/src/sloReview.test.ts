import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { SloMonthRecord } from '@lambda-ops/backstage-plugin-common';
import request from 'supertest';
import {
  fleetEntity,
  inMemorySnapshotSource,
} from './__fixtures__/fleetSnapshots';
import {
  catalogHidingFromUsers,
  userInfoWithGroups,
} from './__testUtils__/catalogVisibility';
import { requestCheckedByContract } from './__testUtils__/contract';
import { lambdaOpsPlugin } from './plugin';
import { deployMarkerServiceRef } from './services/DeployMarkerService';
import { fleetSnapshotSourceServiceRef } from './services/fleet/FleetSnapshotSource';
import { operationsServiceRef } from './services/OperationsService';
import { pageIncidentStoreServiceRef } from './services/review/PageIncidentStore';
import { sloAttainmentStoreServiceRef } from './services/review/SloAttainmentStore';

const ALICE = 'user:default/alice';
const PAYMENTS = 'group:default/payments';

const snapshot = [
  fleetEntity('component:default/orders-api', PAYMENTS),
  fleetEntity('component:default/ledger-api', PAYMENTS),
  fleetEntity('component:default/=cmd-api', PAYMENTS),
];

/** November is the last month completed when the review is asked for, today. */
function record(
  entityRef: string,
  month: string,
  attainment: number,
  budgetConsumed: number,
): SloMonthRecord {
  return {
    entityRef,
    sloId: `${entityRef.split('/')[1]}:availability`,
    objective: 'availability',
    target: 0.999,
    budgetKind: 'ratio',
    month,
    attainment,
    budgetConsumed,
  };
}

function lastMonths(count: number): string[] {
  const now = new Date();
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - count + i, 1),
    );
    return d.toISOString().slice(0, 7);
  });
}

const [, middle, last] = lastMonths(3);
const records = [
  record('component:default/orders-api', middle, 0.997, 3),
  record('component:default/orders-api', last, 1, 0),
  record('component:default/ledger-api', last, 0.9995, 0.5),
  record('component:default/=cmd-api', last, 0.9995, 0.5),
];

/** Page incidents as the collector recorded them: one in the missed month, one after it. */
const incidents = [
  {
    entityRef: 'component:default/orders-api',
    alarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-errors',
    alarmName: 'orders-errors',
    runbookUrl: 'https://runbooks.example.com/orders#errors',
    start: `${middle}-12T10:20:00.000Z`,
    end: `${middle}-12T11:05:00.000Z`,
  },
  {
    entityRef: 'component:default/orders-api',
    alarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-latency',
    alarmName: 'orders-latency',
    runbookUrl: null,
    start: `${last}-28T23:00:00.000Z`,
    end: null,
  },
];

const listForEntity = jest.fn();
const getOperations = jest.fn();
const readOverlapping = jest.fn();

async function startBackend() {
  const actionsRegistry = actionsRegistryServiceMock();
  const { server } = await startTestBackend({
    features: [
      lambdaOpsPlugin,
      createServiceFactory({
        service: fleetSnapshotSourceServiceRef,
        deps: {},
        factory: () => inMemorySnapshotSource(snapshot),
      }),
      createServiceFactory({
        service: sloAttainmentStoreServiceRef,
        deps: {},
        factory: () =>
          ({
            async read(refs: string[], months: string[]) {
              return records.filter(
                r => refs.includes(r.entityRef) && months.includes(r.month),
              );
            },
          } as any),
      }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () =>
          catalogHidingFromUsers({
            refs: snapshot.map(e => e.entityRef),
            hiddenFromUsers: ['component:default/ledger-api'],
          }),
      }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => userInfoWithGroups({ [ALICE]: [PAYMENTS] }),
      }),
      createServiceFactory({
        service: deployMarkerServiceRef,
        deps: {},
        factory: () => ({ listForEntity } as any),
      }),
      createServiceFactory({
        service: pageIncidentStoreServiceRef,
        deps: {},
        factory: () => ({ readOverlapping } as any),
      }),
      createServiceFactory({
        service: operationsServiceRef,
        deps: {},
        factory: () => ({ getOperations } as any),
      }),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actionsRegistry,
      }),
      mockServices.rootConfig.factory({ data: {} }),
    ],
  });
  return { server, actionsRegistry };
}

describe('the SLO review through the backend', () => {
  beforeEach(() => {
    readOverlapping.mockReset();
    readOverlapping.mockImplementation(
      async (refs: string[], since: Date, until: Date) =>
        incidents.filter(
          i =>
            refs.includes(i.entityRef) &&
            Date.parse(i.start) < until.getTime() &&
            (i.end === null || Date.parse(i.end) > since.getTime()),
        ),
    );
    listForEntity.mockReset();
    listForEntity.mockResolvedValue({
      items: [
        {
          id: 'd1',
          ts: `${middle}-12T10:00:00.000Z`,
          env: 'PROD',
          gitSha: 'abc1234',
          changeSummary: 'new payment client',
        },
      ],
      nextCursor: null,
    });
  });

  it("lists the owner's months per SLO, only for entities the caller may read", async () => {
    const { server } = await startBackend();
    const res = await requestCheckedByContract(server)
      .get(`/api/lambda-ops/v1/slo-review?owner=${PAYMENTS}`)
      .set('authorization', mockCredentials.user.header(ALICE));
    expect(res.status).toBe(200);
    expect(res.body.months).toEqual(lastMonths(3));
    expect(
      res.body.rows.map((r: { entityRef: string }) => r.entityRef),
    ).toEqual(['component:default/=cmd-api', 'component:default/orders-api']);
    const orders = res.body.rows[1];
    expect(orders.months.map((m: { verdict: string }) => m.verdict)).toEqual([
      'no-data',
      'missed',
      'never-burning',
    ]);
    expect(orders.months[1].deploys).toEqual([
      {
        ts: `${middle}-12T10:00:00.000Z`,
        env: 'PROD',
        gitSha: 'abc1234',
        changeSummary: 'new payment client',
      },
    ]);
    expect(orders.months[1].incidents).toEqual([
      {
        alarmName: 'orders-errors',
        start: `${middle}-12T10:20:00.000Z`,
        end: `${middle}-12T11:05:00.000Z`,
        runbookUrl: 'https://runbooks.example.com/orders#errors',
      },
    ]);
    // The month after was not missed: its ongoing incident is not listed there.
    expect(orders.months[2].incidents).toEqual([]);
  });

  it("reads the missed months' deploys with the caller's credentials", async () => {
    const { server } = await startBackend();
    await request(server)
      .get('/api/lambda-ops/v1/slo-review')
      .set('authorization', mockCredentials.user.header(ALICE));
    expect(listForEntity).toHaveBeenCalledTimes(1);
    const [ref, , credentials] = listForEntity.mock.calls[0];
    expect(ref).toEqual({
      kind: 'component',
      namespace: 'default',
      name: 'orders-api',
    });
    expect(
      (credentials as BackstageCredentials<{ userEntityRef: string }>).principal
        .userEntityRef,
    ).toBe(ALICE);
  });

  it('exports CSV with formula-leading text kept as text, without unreadable entities', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get(`/api/lambda-ops/v1/slo-review?format=csv&owner=${PAYMENTS}`)
      .set('authorization', mockCredentials.user.header(ALICE));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.text).toContain(",'=cmd-api:availability,");
    expect(res.text).not.toContain('ledger-api');
    expect(res.text).toContain(
      `,${middle}-12T10:20:00.000Z to ${middle}-12T11:05:00.000Z orders-errors https://runbooks.example.com/orders#errors`,
    );
    // A header and three months of two SLOs.
    expect(res.text.trim().split('\r\n')).toHaveLength(7);
  });

  it('refuses a malformed owner with the form expected', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/lambda-ops/v1/slo-review?owner=payments')
      .set('authorization', mockCredentials.user.header(ALICE));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('group:default/payments');
  });

  it('needs credentials', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/lambda-ops/v1/slo-review')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('answers the review as an action, with the same visibility', async () => {
    const { actionsRegistry } = await startBackend();
    const { output } = (await actionsRegistry.invoke({
      id: 'test:get-slo-review',
      input: { owner: [PAYMENTS] },
      credentials: mockCredentials.user(ALICE),
    })) as { output: any };
    expect(output.rows.map((r: { entityRef: string }) => r.entityRef)).toEqual([
      'component:default/=cmd-api',
      'component:default/orders-api',
    ]);
    expect(output.rows[1].months[1].incidents).toEqual([
      expect.objectContaining({
        alarmName: 'orders-errors',
        end: `${middle}-12T11:05:00.000Z`,
      }),
    ]);
  });
});

describe('the deploy gate as an action', () => {
  const ordersEntity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-api',
      namespace: 'default',
      annotations: {
        'aws.com/lambda-function-name': 'orders-api',
        'aws.com/lambda-region': 'eu-west-1',
        'lambda-ops/slo-pattern': 'api',
      },
    },
    spec: { owner: PAYMENTS },
  };

  async function startGateBackend() {
    const actionsRegistry = actionsRegistryServiceMock();
    await startTestBackend({
      features: [
        lambdaOpsPlugin,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () =>
            catalogServiceMock.mock({
              async getEntityByRef(_ref, options) {
                const { principal } = (
                  options as { credentials: BackstageCredentials }
                ).credentials;
                // Only Alice may read it, as a permission policy would decide.
                return (principal as { userEntityRef?: string })
                  .userEntityRef === ALICE
                  ? ordersEntity
                  : undefined;
              },
            }),
        }),
        createServiceFactory({
          service: operationsServiceRef,
          deps: {},
          factory: () => ({ getOperations } as any),
        }),
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => actionsRegistry,
        }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    return actionsRegistry;
  }

  beforeEach(() => {
    getOperations.mockReset();
    getOperations.mockResolvedValue({
      functions: [],
      slos: [
        {
          id: 'orders-api:availability',
          status: 'breached',
          errorBudget: {
            total: 40,
            consumed: 60,
            remaining: -0.5,
            unit: 'requests',
          },
          burnRates: [],
        },
      ],
      problems: [],
    });
  });

  it('blocks a deploy whose budget is spent, reading the entity as the caller', async () => {
    const actionsRegistry = await startGateBackend();
    const { output } = (await actionsRegistry.invoke({
      id: 'test:get-deploy-gate',
      input: { entityRef: 'orders-api', env: 'PROD' },
      credentials: mockCredentials.user(ALICE),
    })) as { output: any };
    expect(output).toMatchObject({
      entityRef: 'component:default/orders-api',
      env: 'PROD',
      decision: 'block',
    });
    expect(output.reasons.length).toBeGreaterThan(0);
  });

  it('refuses an entity the caller may not read, as the route does', async () => {
    const actionsRegistry = await startGateBackend();
    await expect(
      actionsRegistry.invoke({
        id: 'test:get-deploy-gate',
        input: { entityRef: 'orders-api', env: 'PROD' },
        credentials: mockCredentials.user('user:default/mallory'),
      }),
    ).rejects.toThrow(/orders-api/);
    expect(getOperations).not.toHaveBeenCalled();
  });

  it('refuses an env with control characters', async () => {
    const actionsRegistry = await startGateBackend();
    await expect(
      actionsRegistry.invoke({
        id: 'test:get-deploy-gate',
        input: { entityRef: 'orders-api', env: 'PR\u0007OD' },
        credentials: mockCredentials.user(ALICE),
      }),
    ).rejects.toThrow(/control characters/);
  });
});
