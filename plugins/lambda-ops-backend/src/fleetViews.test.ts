import {
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
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
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
import { fleetSnapshotSourceServiceRef } from './services/fleet/FleetSnapshotSource';
import { operationsServiceRef } from './services/OperationsService';
import { sloReviewServiceRef } from './services/review/SloReviewService';

const ALICE = 'user:default/alice';

const snapshot = [
  fleetEntity('component:default/orders-api', 'group:default/payments', {
    alarms: [
      {
        name: 'orders-api-errors-page',
        arn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-api-errors-page',
        type: 'metric',
        kind: 'metric',
        defects: [],
        metric: 'Errors',
        state: 'ALARM',
        stateSince: '2026-11-29T11:40:00Z',
        severity: 'page',
        severitySource: 'name',
        runbookUrl: 'https://runbooks.example.com/orders#errors',
        runbookProblem: null,
      },
    ],
  }),
  fleetEntity('component:default/ledger-api', 'group:default/payments'),
  fleetEntity('component:default/refunds-api', 'group:default/payments'),
  fleetEntity('component:default/search-api', 'group:default/search'),
];

/** What the operations action is handed, and what it answers. */
const getOperations = jest.fn();
/** What the SLO review action is handed, and what it answers. */
const getReview = jest.fn();

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
        factory: () =>
          userInfoWithGroups({ [ALICE]: ['group:default/payments'] }),
      }),
      createServiceFactory({
        service: operationsServiceRef,
        deps: {},
        factory: () => ({ getOperations } as any),
      }),
      createServiceFactory({
        service: sloReviewServiceRef,
        deps: {},
        factory: () => ({ getReview } as any),
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

describe('fleet views through the backend', () => {
  beforeEach(() => {
    getOperations.mockReset();
    getReview.mockReset();
  });

  it("answers a user's on-call view with only the entities they may read", async () => {
    const { server } = await startBackend();
    const res = await requestCheckedByContract(server)
      .get('/api/lambda-ops/v1/on-call')
      .set('authorization', mockCredentials.user.header(ALICE));
    expect(res.status).toBe(200);
    expect(res.body.owners).toEqual([ALICE, 'group:default/payments']);
    expect(
      res.body.rows.map((row: { entityRef: string }) => row.entityRef),
    ).toEqual([
      'component:default/orders-api',
      'component:default/refunds-api',
    ]);
    expect(res.body.rows[0]).toMatchObject({
      status: 'page',
      firingPages: [
        {
          name: 'orders-api-errors-page',
          runbookUrl: 'https://runbooks.example.com/orders#errors',
        },
      ],
    });
  });

  it('answers the scorecard as CSV, one line per entity the caller may read', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get(
        '/api/lambda-ops/v1/coverage?format=csv&owner=group:default/payments',
      )
      .set('authorization', mockCredentials.user.header(ALICE));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^entityRef,owner,score,slo-pattern,/);
    expect(lines.join('\n')).not.toContain('ledger-api');
  });

  it('answers a service principal, as Tech Insights calls it, with the whole fleet', async () => {
    const { server } = await startBackend();
    const res = await requestCheckedByContract(server)
      .get('/api/lambda-ops/v1/coverage')
      .set('authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.total.entities).toBe(4);
  });

  describe('actions', () => {
    it('registers the five reads, read-only', async () => {
      const { actionsRegistry } = await startBackend();
      const { actions } = await actionsRegistry.list();
      expect(actions.map(a => [a.name, a.attributes.readOnly])).toEqual([
        ['get-on-call', true],
        ['get-runbook-coverage', true],
        ['get-slo-review', true],
        ['get-operations', true],
        ['get-deploy-gate', true],
      ]);
    });

    it("answers what is paging for a team, with the caller's visibility", async () => {
      const { actionsRegistry } = await startBackend();
      const { output } = await actionsRegistry.invoke({
        id: 'test:get-on-call',
        input: { owner: ['group:default/payments'] },
        credentials: mockCredentials.user(ALICE),
      });
      expect(output).toMatchObject({
        owners: ['group:default/payments'],
        totals: { page: 1 },
        rows: [
          {
            entityRef: 'component:default/orders-api',
            status: 'page',
            firingPages: [expect.anything()],
          },
          { entityRef: 'component:default/refunds-api' },
        ],
      });
    });

    it('refuses a malformed owner as the route does', async () => {
      const { actionsRegistry } = await startBackend();
      await expect(
        actionsRegistry.invoke({
          id: 'test:get-on-call',
          input: { owner: ['payments'] },
          credentials: mockCredentials.user(ALICE),
        }),
      ).rejects.toThrow('Invalid owner "payments"');
    });

    it('answers which services lack runbooks', async () => {
      const { actionsRegistry } = await startBackend();
      const { output } = (await actionsRegistry.invoke({
        id: 'test:get-runbook-coverage',
        input: {},
        credentials: mockCredentials.user(ALICE),
      })) as { output: any };
      // Every entity Alice may read, not only her teams'.
      expect(output.entities).toHaveLength(3);
      expect(output.entities[0].checks.runbook).toEqual({
        result: 'fail',
        reason: 'add `lambda-ops/runbook`',
      });
      expect(output.owners).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            owner: 'group:default/payments',
            entities: 2,
          }),
          expect.objectContaining({
            owner: 'group:default/search',
            entities: 1,
          }),
        ]),
      );
    });

    it('answers the services in the statuses and the search asked, at most limit of them, saying how many it left out', async () => {
      const { actionsRegistry } = await startBackend();
      const invoke = async (input: object) =>
        (
          (await actionsRegistry.invoke({
            id: 'test:get-on-call',
            input: { owner: ['group:default/payments'], ...input },
            credentials: mockCredentials.user(ALICE),
          })) as { output: any }
        ).output;
      const paging = await invoke({ statuses: ['page'] });
      expect(paging.rows.map((row: any) => row.entityRef)).toEqual([
        'component:default/orders-api',
      ]);
      expect(paging.omittedRows).toBe(0);
      const first = await invoke({ limit: 1 });
      expect(first.rows.map((row: any) => row.entityRef)).toEqual([
        'component:default/orders-api',
      ]);
      expect(first.omittedRows).toBe(1);
      // The totals count every service of the owners, whatever was shown.
      expect(first.totals).toEqual(paging.totals);
      expect(
        Object.values(first.totals as Record<string, number>).reduce(
          (a, b) => a + b,
        ),
      ).toBe(2);
      const searched = await invoke({ search: 'REFUNDS' });
      expect(searched.rows.map((row: any) => row.entityRef)).toEqual([
        'component:default/refunds-api',
      ]);
      expect(searched.omittedRows).toBe(0);
      expect(
        (await invoke({ statuses: ['page'], search: 'refunds' })).rows,
      ).toEqual([]);
      await expect(invoke({ statuses: ['paging'] })).rejects.toThrow(
        /statuses/,
      );
      await expect(invoke({ limit: 0 })).rejects.toThrow(/limit/);
    });

    it('answers the services failing one check, worst first, at most limit of them', async () => {
      const { actionsRegistry } = await startBackend();
      const invoke = async (input: object) =>
        (
          (await actionsRegistry.invoke({
            id: 'test:get-runbook-coverage',
            input,
            credentials: mockCredentials.user(ALICE),
          })) as { output: any }
        ).output;
      const all = await invoke({});
      const lacking = await invoke({ failing: 'runbook' });
      expect(lacking.entities.length).toBeGreaterThan(0);
      expect(
        lacking.entities.every((e: any) => e.checks.runbook.result === 'fail'),
      ).toBe(true);
      const pageAlarm = await invoke({ failing: 'page-alarm' });
      expect(pageAlarm.entities.length).toBeGreaterThan(0);
      expect(pageAlarm.entities.map((e: any) => e.entityRef)).toEqual(
        all.entities
          .filter((e: any) => e.checks['page-alarm'].result === 'fail')
          .map((e: any) => e.entityRef),
      );
      expect(pageAlarm.entities.map((e: any) => e.entityRef)).not.toContain(
        'component:default/orders-api',
      );
      const first = await invoke({ limit: 1 });
      expect(first.entities).toEqual(all.entities.slice(0, 1));
      expect(first.omittedEntities).toBe(all.entities.length - 1);
      expect(first.owners).toEqual(all.owners.slice(0, 1));
      expect(first.omittedOwners).toBe(all.owners.length - 1);
      expect(first.total).toEqual(all.total);
      await expect(invoke({ failing: 'runbooks' })).rejects.toThrow(/failing/);
    });

    it('answers the SLOs with a month of the verdict asked, at most limit of them', async () => {
      const { actionsRegistry } = await startBackend();
      const row = (entityRef: string, verdicts: string[]) => ({
        entityRef,
        sloId: 'availability',
        months: verdicts.map((verdict, i) => ({
          month: `2026-0${8 + i}`,
          verdict,
        })),
      });
      getReview.mockResolvedValue({
        owners: ['group:default/payments'],
        months: ['2026-08', '2026-09', '2026-10'],
        emptyReason: null,
        rows: [
          row('component:default/ledger-api', ['met', 'met', 'met']),
          row('component:default/orders-api', ['met', 'missed', 'met']),
          row('component:default/refunds-api', ['missed', 'met', 'missed']),
        ],
      });
      const credentials = mockCredentials.user(ALICE);
      const { output } = (await actionsRegistry.invoke({
        id: 'test:get-slo-review',
        input: {
          owner: ['group:default/payments'],
          verdict: 'missed',
          limit: 1,
        },
        credentials,
      })) as { output: any };
      expect(getReview).toHaveBeenCalledWith(
        { owner: ['group:default/payments'] },
        credentials,
      );
      expect(output.rows.map((r: any) => r.entityRef)).toEqual([
        'component:default/orders-api',
      ]);
      expect(output.omittedRows).toBe(1);
    });

    it("reads an entity's operations with the caller's credentials", async () => {
      const { actionsRegistry } = await startBackend();
      getOperations.mockResolvedValue({ slos: [], alarms: [], functions: [] });
      const credentials = mockCredentials.user(ALICE);
      const { output } = await actionsRegistry.invoke({
        id: 'test:get-operations',
        input: { entityRef: 'orders-api' },
        credentials,
      });
      expect(output).toEqual({ slos: [], alarms: [], functions: [] });
      expect(getOperations).toHaveBeenCalledWith(
        { kind: 'component', namespace: 'default', name: 'orders-api' },
        credentials,
      );
      await expect(
        actionsRegistry.invoke({
          id: 'test:get-operations',
          input: { entityRef: 'component:' },
          credentials,
        }),
      ).rejects.toThrow('Invalid entityRef "component:"');
    });
  });
});
