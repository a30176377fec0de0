import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import {
  describeEachDatabase,
  storeDatabaseIds,
} from './__testUtils__/databases';
import { REAL_TIMERS } from './__testUtils__/testBackend';
import { limitDeployMarkersPerPrincipal } from './deployMarkerRateLimit';
import { DeployMarkerRateLimitStore } from './services/DeployMarkerRateLimitStore';

jest.setTimeout(60_000);

const MAX = 5;
const WINDOW_MS = 60_000;
/** 15 s into a minute: the window ends in 45 s. */
const NOW = new Date('2026-11-29T12:00:15Z');

type Knex = Awaited<ReturnType<TestDatabases['init']>>;

/** One backend replica's deploy-marker route, behind the limit, counting in the database given. */
async function replica(knex: Knex) {
  const store = await DeployMarkerRateLimitStore.create({
    database: mockServices.database({ knex }),
    logger: mockServices.logger.mock(),
  });
  return express()
    .post(
      '/v1/deploy-markers',
      limitDeployMarkersPerPrincipal({
        httpAuth: mockServices.httpAuth(),
        store,
        max: MAX,
        windowMs: WINDOW_MS,
      }),
      (_req, res) => res.json({ recorded: true }),
    )
    .use(mockErrorHandler());
}

const postTo = (app: express.Express, user = 'user:default/release-bot') =>
  request(app)
    .post('/v1/deploy-markers')
    .set('authorization', mockCredentials.user.header(user));

const statuses = (responses: request.Response[]) =>
  responses.map(res => res.status).sort();

describeEachDatabase(
  storeDatabaseIds(),
  'the deploy-marker rate limit on %s',
  (id, databases) => {
    beforeEach(() => {
      jest.useFakeTimers({ now: NOW, doNotFake: [...REAL_TIMERS] });
    });
    afterEach(() => jest.useRealTimers());

    it('is one exact count for replicas that share the database, even when they count at the same instant', async () => {
      const knex = await databases.init(id);
      const [one, two] = [await replica(knex), await replica(knex)];

      const burst = await Promise.all(
        Array.from({ length: 4 * MAX }, (_, i) => postTo(i % 2 ? one : two)),
      );

      expect(statuses(burst)).toEqual([
        ...Array(MAX).fill(200),
        ...Array(3 * MAX).fill(429),
      ]);
      // Another principal has a count of its own on both replicas.
      expect((await postTo(two, 'user:default/alice')).status).toBe(200);
    });

    it('says when the window ends in Retry-After and lets the principal post again then', async () => {
      const knex = await databases.init(id);
      const app = await replica(knex);
      for (let i = 0; i < MAX; i++) {
        expect((await postTo(app)).status).toBe(200);
      }

      const limited = await postTo(app);
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('45');
      expect(limited.body.error.message).toBe(
        `More than ${MAX} deploy markers from you within 60 s: try again in 45 s, or raise lambdaOps.deployMarkers.rateLimit.max`,
      );

      jest.setSystemTime(new Date(NOW.getTime() + 45_000));
      expect((await postTo(app)).status).toBe(200);
    });

    it('deletes the counts of windows that have ended', async () => {
      const knex = await databases.init(id);
      const app = await replica(knex);
      await postTo(app, 'user:default/alice');
      await postTo(app, 'user:default/bob');
      const table = () =>
        knex('lambda_ops_deploy_marker_rate_counts')
          .select('principal')
          .orderBy('principal');
      expect(await table()).toHaveLength(2);

      jest.setSystemTime(new Date(NOW.getTime() + 3 * WINDOW_MS));
      await postTo(app, 'user:default/bob');

      expect(await table()).toEqual([{ principal: 'user:user:default/bob' }]);
    });

    it('gives back a count that express-rate-limit takes back', async () => {
      const knex = await databases.init(id);
      const store = await DeployMarkerRateLimitStore.create({
        database: mockServices.database({ knex }),
        logger: mockServices.logger.mock(),
      });
      store.init({ windowMs: WINDOW_MS });
      await store.increment('user:default/alice');
      await store.increment('user:default/alice');
      await store.decrement('user:default/alice');
      expect(await store.increment('user:default/alice')).toEqual({
        totalHits: 2,
        resetTime: new Date('2026-11-29T12:01:00Z'),
      });
      await store.resetKey('user:default/alice');
      expect((await store.increment('user:default/alice')).totalHits).toBe(1);
    });
  },
);

describe('the deploy-marker rate limit without its database', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('refuses markers with a 503 that says to post again, rather than taking them unlimited', async () => {
    const knex = await databases.init('SQLITE_3');
    const app = await replica(knex);
    await knex.destroy();

    const res = await postTo(app);

    expect(res.status).toBe(503);
    expect(res.body.error).toEqual(
      expect.objectContaining({
        name: 'ServiceUnavailableError',
        message:
          'Deploy markers cannot be taken now: the Lambda Ops database did not answer; post the marker again shortly',
      }),
    );
  });
});
