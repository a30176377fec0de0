import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startAwsEmulator, RunningAwsEmulator } from '@lambda-ops/aws-emulator';
import request from 'supertest';
import { component } from './__fixtures__/entities';
import { spec } from './schema/openapi/generated/router';
import { startLambdaOpsBackend } from './__testUtils__/testBackend';

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

  describe('where the catalog lets each user read only their team’s entities', () => {
    let emulator: RunningAwsEmulator;
    const ALICE = 'user:default/alice'; // payments
    const BOB = 'user:default/bob'; // data-platform
    const teamOf: Record<string, string> = {
      [ALICE]: 'group:default/payments',
      [BOB]: 'group:default/data-platform',
    };
    const owned = (name: string, owner: string, fn: string): Entity => {
      const entity = component(name, {
        'aws.com/lambda-function-name': fn,
        'aws.com/lambda-region': 'us-east-1',
        'lambda-ops/runbook': 'https://runbooks.example.com/x.md',
      });
      return { ...entity, spec: { ...entity.spec, owner } };
    };
    const entities = [
      owned('payments-api', 'group:default/payments', 'orders-api'),
      owned('reports-job', 'group:default/data-platform', 'nightly-report'),
    ];

    /**
     * The catalog as a conditional permission policy leaves it: an entity is found only
     * for a user of its owning team, as `catalog.entity.read` with an IS_ENTITY_OWNER
     * condition decides.
     */
    const teamScopedCatalog = createServiceFactory({
      service: catalogServiceRef,
      deps: { auth: coreServices.auth },
      factory({ auth }) {
        const all = catalogServiceMock({ entities });
        return {
          ...all,
          async getEntityByRef(ref: string | CompoundEntityRef, options) {
            const entity = await all.getEntityByRef(ref, options);
            const { credentials } = options as {
              credentials: Parameters<typeof auth.isPrincipal>[0];
            };
            const user = auth.isPrincipal(credentials, 'user')
              ? credentials.principal.userEntityRef
              : undefined;
            return entity && user && entity.spec?.owner === teamOf[user]
              ? entity
              : undefined;
          },
        } as typeof all;
      },
    });

    beforeAll(async () => {
      emulator = await startAwsEmulator({ port: 0 });
    });
    afterAll(() => emulator.stop());

    it('shows each user their own entity and nothing of the other team’s, cached or not', async () => {
      const server = await startLambdaOpsBackend({
        emulator,
        catalog: teamScopedCatalog,
      });
      const as = (user: string) => (path: string) =>
        request(server)
          .get(`${BASE}/v1/entities/default/component/${path}`)
          .set('authorization', mockCredentials.user.header(user));

      // Alice's tab is computed and cached.
      const own = await as(ALICE)('payments-api/operations');
      expect(own.status).toBe(200);
      expect(own.body.entityRef).toBe('component:default/payments-api');

      // Bob asks for the same entity, right after: the cache entry is not his.
      for (const route of ['operations', 'runbook', 'deploy-markers']) {
        const other = await as(BOB)(`payments-api/${route}`);
        expect({ route, status: other.status }).toEqual({
          route,
          status: 404,
        });
        expect(other.body.error.message).toBe(
          'No entity component:default/payments-api in the catalog, or you may not read it',
        );
        // Nothing of the entity leaks: not its functions, runbook or owner.
        expect(other.text).not.toMatch(
          /orders-api|runbooks\.example|group:default\/payments/,
        );
      }

      // Bob still reads his own, and Alice nothing of his.
      expect((await as(BOB)('reports-job/operations')).status).toBe(200);
      const crossed = await as(ALICE)('reports-job/deploy-markers');
      expect(crossed.status).toBe(404);
      expect(crossed.text).not.toMatch(/nightly-report/);
    });
  });
});
