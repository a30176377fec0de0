import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import { startAwsEmulator, RunningAwsEmulator } from '@lambda-ops/aws-emulator';
import request from 'supertest';
import { component } from './__fixtures__/entities';
import {
  fleetEntity,
  inMemorySnapshotSource,
} from './__fixtures__/fleetSnapshots';
import {
  catalogUnderPolicy,
  ownTeamsOnlyPolicy,
  withOwnerRelation,
} from './__testUtils__/catalogUnderPolicy';
import { userInfoWithGroups } from './__testUtils__/catalogVisibility';
import { fleetSnapshotSourceServiceRef } from './services/fleet/FleetSnapshotSource';
import { spec } from './schema/openapi/generated/router';
import { startLambdaOpsBackend } from './__testUtils__/testBackend';

// Each test starts a backend and reads AWS through the emulator: seconds on a busy machine.
jest.setTimeout(30_000);

const BASE = '/api/lambda-ops';

/** Every operation of the schema, with the path filled in, so new routes are covered. */
const operations = Object.entries(
  spec.paths as unknown as Record<
    string,
    Record<string, { security?: unknown[] }>
  >,
).flatMap(([template, item]) =>
  Object.entries(item).map(([method, operation]) => ({
    method: method as 'get' | 'post',
    template,
    path: template
      .replace('{namespace}', 'default')
      .replace('{kind}', 'component')
      .replace('{name}', 'orders-api'),
    // `security: []` marks the routes open to everyone.
    open: Array.isArray(operation.security) && operation.security.length === 0,
  })),
);

describe('authorization', () => {
  it('lists /health as the only route open without credentials', () => {
    expect(operations.filter(o => o.open).map(o => o.template)).toEqual([
      '/health',
    ]);
  });

  it.each(operations.filter(o => !o.open))(
    'answers $method $template without credentials with 401',
    async ({ method, path }) => {
      const server = await startLambdaOpsBackend({});
      const res = await request(server)
        [method](`${BASE}${path}`)
        .set('authorization', mockCredentials.none.header())
        .set('content-type', 'application/json')
        .send(method === 'post' ? '{}' : undefined);
      expect(res.status).toBe(401);
      expect(res.body.error.name).toBe('AuthenticationError');
    },
  );

  describe('where a conditional catalog policy lets each user read only their team’s entities', () => {
    let emulator: RunningAwsEmulator;
    const ALICE = 'user:default/alice'; // payments
    const BOB = 'user:default/bob'; // data-platform
    const PAYMENTS = 'group:default/payments';
    const DATA_PLATFORM = 'group:default/data-platform';
    const owned = (name: string, owner: string, fn: string): Entity => {
      const entity = component(name, {
        'aws.com/lambda-function-name': fn,
        'aws.com/lambda-region': 'us-east-1',
        'lambda-ops/runbook': 'https://runbooks.example.com/x.md',
      });
      return withOwnerRelation({ ...entity, spec: { ...entity.spec, owner } });
    };
    const entities = [
      owned('payments-api', PAYMENTS, 'orders-api'),
      owned('reports-job', DATA_PLATFORM, 'nightly-report'),
    ];
    /** What each user must never see of the other team: names, functions, runbooks, owner. */
    const secretsOf: Record<string, RegExp> = {
      [ALICE]: /reports-job|nightly-report|data-platform/,
      [BOB]:
        /payments-api|orders-api|runbooks\.example|group:default\/payments/,
    };
    const snapshot = [
      fleetEntity('component:default/payments-api', PAYMENTS),
      fleetEntity('component:default/reports-job', DATA_PLATFORM, {
        alarms: [
          {
            name: 'nightly-report-errors-page',
            arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:nightly-report-errors-page',
            type: 'metric',
            kind: 'metric',
            defects: [],
            metric: 'Errors',
            state: 'ALARM',
            stateSince: '2026-11-29T11:40:00Z',
            severity: 'page',
            severitySource: 'name',
            runbookUrl: null,
            runbookProblem: null,
          },
        ],
      }),
    ];

    beforeAll(async () => {
      emulator = await startAwsEmulator({ port: 0 });
    });
    afterAll(() => emulator.stop());

    async function start() {
      const actionsRegistry = actionsRegistryServiceMock();
      const server = await startLambdaOpsBackend({
        emulator,
        catalog: catalogUnderPolicy({ entities, policy: ownTeamsOnlyPolicy }),
        features: [
          createServiceFactory({
            service: coreServices.userInfo,
            deps: {},
            factory: () =>
              userInfoWithGroups({
                [ALICE]: [PAYMENTS],
                [BOB]: [DATA_PLATFORM],
              }),
          }),
          createServiceFactory({
            service: fleetSnapshotSourceServiceRef,
            deps: {},
            factory: () => inMemorySnapshotSource(snapshot),
          }),
          createServiceFactory({
            service: actionsRegistryServiceRef,
            deps: {},
            factory: () => actionsRegistry,
          }),
        ],
      });
      const get = (user: string, path: string) =>
        request(server)
          .get(`${BASE}${path}`)
          .set('authorization', mockCredentials.user.header(user));
      const invoke = (user: string, name: string, input: object) =>
        actionsRegistry.invoke({
          id: `test:${name}`,
          input,
          credentials: mockCredentials.user(user),
        });
      return { get, invoke };
    }

    it('shows each user their own entity and nothing of the other team’s, cached or not', async () => {
      const { get } = await start();
      const tab = (user: string, path: string) =>
        get(user, `/v1/entities/default/component/${path}`);

      // Alice's tab is computed and cached.
      const own = await tab(ALICE, 'payments-api/operations');
      expect(own.status).toBe(200);
      expect(own.body.entityRef).toBe('component:default/payments-api');

      // Bob asks for the same entity, right after: the cache entry is not his.
      for (const route of ['operations', 'runbook', 'deploy-markers']) {
        const other = await tab(BOB, `payments-api/${route}`);
        expect({ route, status: other.status }).toEqual({
          route,
          status: 404,
        });
        expect(other.body.error.message).toBe(
          'No entity component:default/payments-api in the catalog, or you may not read it',
        );
        // Nothing of the entity but the name Bob asked for: not its functions, runbook or owner.
        expect(other.text.replaceAll('payments-api', '')).not.toMatch(
          secretsOf[BOB],
        );
      }

      // Bob still reads his own, and Alice nothing of his.
      expect((await tab(BOB, 'reports-job/operations')).status).toBe(200);
      const crossed = await tab(ALICE, 'reports-job/deploy-markers');
      expect(crossed.status).toBe(404);
      expect(crossed.text.replaceAll('reports-job', '')).not.toMatch(
        secretsOf[ALICE],
      );
    });

    it.each([
      ['on-call view', '/v1/on-call'],
      ['on-call view of the other team', '/v1/on-call?owner='],
      ['scorecard', '/v1/coverage'],
      ['scorecard of the other team', '/v1/coverage?owner='],
      ['scorecard CSV', '/v1/coverage?format=csv'],
      ['scorecard CSV of the other team', '/v1/coverage?format=csv&owner='],
    ])(
      'answers each user’s %s with their team’s rows alone, one user after the other',
      async (_view, path) => {
        const { get } = await start();
        const otherTeam: Record<string, string> = {
          [ALICE]: DATA_PLATFORM,
          [BOB]: PAYMENTS,
        };
        const ownEntity: Record<string, string> = {
          [ALICE]: 'component:default/payments-api',
          [BOB]: 'component:default/reports-job',
        };
        // Alice first, so that whatever the views keep is built before Bob asks.
        for (const user of [ALICE, BOB]) {
          const asksOther = path.endsWith('owner=');
          const res = await get(
            user,
            asksOther ? `${path}${otherTeam[user]}` : path,
          );
          expect(res.status).toBe(200);
          const shown = res.text.replace(
            // The owner asked is echoed back, and named in why the view is empty.
            new RegExp(otherTeam[user], 'g'),
            '',
          );
          expect(shown).not.toMatch(secretsOf[user]);
          const refs = path.includes('csv')
            ? res.text
                .trim()
                .split('\r\n')
                .slice(1)
                .map(line => line.split(',')[0])
            : (res.body.rows ?? res.body.entities).map(
                (row: { entityRef: string }) => row.entityRef,
              );
          expect(refs).toEqual(asksOther ? [] : [ownEntity[user]]);
          // Counts cover the rows shown and nothing more.
          const count = path.includes('csv')
            ? refs.length
            : res.body.total?.entities ??
              Object.values(res.body.totals as Record<string, number>).reduce(
                (a, b) => a + b,
                0,
              );
          expect(count).toBe(refs.length);
        }
      },
    );

    it('answers the actions with what the caller may read alone, cached or not', async () => {
      const { get, invoke } = await start();
      // Bob's tab is computed and cached before Alice asks for it through an action.
      expect(
        (
          await get(
            BOB,
            '/v1/entities/default/component/reports-job/operations',
          )
        ).status,
      ).toBe(200);

      const onCall = await invoke(ALICE, 'get-on-call', {
        owner: [DATA_PLATFORM],
      });
      expect(onCall.output).toMatchObject({ rows: [] });
      const coverage = await invoke(ALICE, 'get-runbook-coverage', {});
      expect(
        (
          coverage.output as { entities: Array<{ entityRef: string }> }
        ).entities.map(e => e.entityRef),
      ).toEqual(['component:default/payments-api']);
      for (const { output } of [onCall, coverage]) {
        expect(
          JSON.stringify(output).replaceAll(DATA_PLATFORM, ''),
        ).not.toMatch(secretsOf[ALICE]);
      }
      await expect(
        invoke(ALICE, 'get-operations', { entityRef: 'reports-job' }),
      ).rejects.toThrow(
        'No entity component:default/reports-job in the catalog, or you may not read it',
      );
      await expect(
        invoke(ALICE, 'get-operations', { entityRef: 'payments-api' }),
      ).resolves.toMatchObject({
        output: { entityRef: 'component:default/payments-api' },
      });
    });
  });
});
