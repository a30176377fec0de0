import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  permissionsForUsers,
  PINNED_NOW,
  REAL_TIMERS,
  startLambdaOpsBackend,
} from './__testUtils__/testBackend';
import { DEPLOY_MARKER_RETENTION_TASK_ID } from './services/DeployMarkerStore';
import { requestCheckedByContract } from './__testUtils__/contract';

const NOW = PINNED_NOW;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const minutesAgo = (minutes: number) =>
  new Date(NOW.getTime() - minutes * MINUTE_MS).toISOString();

const POST_PATH = '/api/lambda-ops/v1/deploy-markers';
const markersOf = (name: string, query = '') =>
  `/api/lambda-ops/v1/entities/default/component/${name}/deploy-markers${query}`;

/** A marker as CI posts it for checkout-api, whose entity watches the PROD alias. */
function body(overrides: Record<string, unknown> = {}) {
  return {
    ts: minutesAgo(40),
    deploy_id: 'checkout-api/run-4711',
    env: 'prod',
    service: 'component:default/checkout-api',
    artifact:
      'arn:aws:lambda:us-east-1:123456789012:function:checkout-api:PROD',
    git_sha: '3f9c2ab',
    ref: 'refs/tags/v42',
    actor: 'github-actions',
    change_summary: 'Raise memory to 1024 MB',
    reason: 'p95 Duration near the timeout',
    risk: 'medium',
    rollback: 'Point PROD back at version 41',
    links: ['https://github.com/acme/checkout/pull/42'],
    ...overrides,
  };
}

/** The reply for `body()`: the contract's DeployMarker plus the CI fields. */
const recorded = {
  id: 'checkout-api/run-4711',
  ts: minutesAgo(40),
  env: 'prod',
  source: 'ci',
  changeType: 'deployment',
  actor: 'github-actions',
  gitSha: '3f9c2ab',
  changeSummary: 'Raise memory to 1024 MB',
  artifact: 'arn:aws:lambda:us-east-1:123456789012:function:checkout-api:PROD',
  ref: 'refs/tags/v42',
  reason: 'p95 Duration near the timeout',
  risk: 'medium',
  rollback: 'Point PROD back at version 41',
  links: ['https://github.com/acme/checkout/pull/42'],
};

describe('deploy markers', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW, doNotFake: [...REAL_TIMERS] });
  });
  afterEach(() => jest.useRealTimers());

  /** Users are denied unless told otherwise; service principals as Backstage decides. */
  const startBackend = (
    options: { users?: 'allowed' | 'denied'; lambdaOps?: object } = {},
  ) =>
    startLambdaOpsBackend({
      lambdaOps: options.lambdaOps,
      features: [
        permissionsForUsers(
          options.users === 'allowed'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        ),
      ],
    });

  type Server = Awaited<ReturnType<typeof startBackend>>;

  const post = (server: Server, payload: unknown) =>
    requestCheckedByContract(server)
      .post(POST_PATH)
      .set('authorization', mockCredentials.service.header())
      .send(payload as object);

  const list = (server: Server, name = 'checkout-api', query = '') =>
    requestCheckedByContract(server)
      .get(markersOf(name, query))
      .set('authorization', mockCredentials.user.header());

  describe('POST /v1/deploy-markers', () => {
    it('answers 201 with the stored marker, then 200 with the same record', async () => {
      const server = await startBackend();
      const first = await post(server, body());
      expect(first.status).toBe(201);
      expect(first.body).toEqual(recorded);

      const again = await post(server, body());
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
    });

    it('answers 409 naming the deploy_id when it is reused for other content', async () => {
      const server = await startBackend();
      await post(server, body());
      const res = await post(server, body({ reason: 'Something else' }));
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        error: expect.objectContaining({
          name: 'ConflictError',
          message:
            'deploy_id "checkout-api/run-4711" is already recorded with different content (reason): a deploy_id names one deploy, so post a new deploy with a new deploy_id',
        }),
        request: { method: 'POST', url: '/v1/deploy-markers' },
        response: { statusCode: 409 },
      });
      expect((await list(server)).body.items).toEqual([recorded]);
    });

    it('records a marker from a service principal, such as CI with an external access token, while users are denied', async () => {
      const server = await startBackend({ users: 'denied' });
      const res = await post(server, body());
      expect(res.status).toBe(201);
    });

    it('records a marker from a user who holds the permission', async () => {
      const server = await startBackend({ users: 'allowed' });
      const res = await requestCheckedByContract(server)
        .post(POST_PATH)
        .set('authorization', mockCredentials.user.header())
        .send(body());
      expect(res.status).toBe(201);
    });

    it('answers 403 naming the permission to a user who does not hold it', async () => {
      const server = await startBackend({ users: 'denied' });
      const res = await requestCheckedByContract(server)
        .post(POST_PATH)
        .set('authorization', mockCredentials.user.header())
        .send(body());
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message:
          'Recording a deploy marker needs the permission lambda-ops.deploy-marker.create',
      });
    });

    it.each([
      ['no credentials', mockCredentials.none.header()],
      ['an invalid token', mockCredentials.user.invalidHeader()],
    ])('answers 401 with %s', async (_, header) => {
      const server = await startBackend();
      const res = await requestCheckedByContract(server)
        .post(POST_PATH)
        .set('authorization', header)
        .send(body());
      expect(res.status).toBe(401);
      expect(res.body.error.name).toBe('AuthenticationError');
    });

    it.each([
      [
        'a missing reason',
        body({ reason: undefined }),
        'Invalid deploy marker: reason is missing: expected 1–1000 characters saying why it changed',
      ],
      [
        'a ts far in the future',
        body({ ts: '2027-06-01T00:00:00Z' }),
        "minute(s) ahead of the server's clock: expected the time of the deploy",
      ],
      [
        'wrong types',
        body({ deploy_id: 4711, links: 'https://example.com', risk: 3 }),
        'deploy_id is a number: expected 1–128 characters',
      ],
      [
        'an unknown field',
        body({ commit: 'abc1234' }),
        'unknown field "commit": the fields are ts, deploy_id, env',
      ],
      [
        'an artifact that names no function',
        body({ artifact: 's3://releases/checkout.zip' }),
        'artifact "s3://releases/checkout.zip" names no Lambda function: expected "lambda:function:<name>"',
      ],
    ])('answers 400 for %s, naming the field', async (_, payload, message) => {
      const server = await startBackend();
      const res = await post(server, payload);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(message);
      expect(res.body.error.stack).toBeUndefined();
      expect(res.body.response).toEqual({ statusCode: 400 });
    });

    it('names every wrong type in one message', async () => {
      const server = await startBackend();
      const res = await post(
        server,
        body({ deploy_id: 4711, links: 'https://example.com', risk: 3 }),
      );
      expect(res.body.error.message).toMatch(
        /deploy_id is a number.*risk is a number.*links is a string/,
      );
    });

    it('answers 400 for a body that is not JSON', async () => {
      const server = await startBackend();
      const res = await requestCheckedByContract(server)
        .post(POST_PATH)
        .set('authorization', mockCredentials.service.header())
        .set('content-type', 'application/json')
        .send('{"ts": ');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message: 'Invalid deploy marker: the body is not valid JSON',
      });
    });

    it('answers 413 with a clear message for a 5 MB body', async () => {
      const server = await startBackend();
      const res = await post(
        server,
        body({ change_summary: 'x'.repeat(5 * 1024 * 1024) }),
      );
      expect(res.status).toBe(413);
      expect(res.body).toEqual({
        error: expect.objectContaining({
          name: 'PayloadTooLargeError',
          message:
            'The deploy marker is larger than 64 kB: shorten change_summary, reason, rollback or links',
        }),
        request: { method: 'POST', url: '/v1/deploy-markers' },
        response: { statusCode: 413 },
      });
    });

    it('stores nothing when a post is refused', async () => {
      const server = await startBackend({ users: 'denied' });
      const refused = [
        await post(server, body({ reason: undefined })),
        await post(server, body({ ts: '2027-06-01T00:00:00Z' })),
        await post(server, body({ deploy_id: 4711 })),
        await post(server, body({ commit: 'abc1234' })),
        await post(server, body({ change_summary: 'x'.repeat(70_000) })),
        await requestCheckedByContract(server)
          .post(POST_PATH)
          .set('authorization', mockCredentials.none.header())
          .send(body()),
        await requestCheckedByContract(server)
          .post(POST_PATH)
          .set('authorization', mockCredentials.user.header())
          .send(body()),
      ];
      expect(refused.map(res => res.status)).toEqual([
        400, 400, 400, 400, 413, 401, 403,
      ]);
      const listed = await list(
        server,
        'checkout-api',
        `?since=${minutesAgo(60 * 24 * 30)}`,
      );
      expect(listed.body).toEqual({ items: [], nextCursor: null });
      // The deploy_id is still unused: the first accepted post creates it.
      expect((await post(server, body())).status).toBe(201);
    });
  });

  describe('GET /v1/entities/…/deploy-markers', () => {
    it("lists a function's markers of the alias's environment, any letter case, newest first", async () => {
      const server = await startBackend();
      await post(
        server,
        body({ deploy_id: 'c-1', env: 'PROD', ts: minutesAgo(90) }),
      );
      await post(
        server,
        body({ deploy_id: 'c-2', env: 'staging', ts: minutesAgo(60) }),
      );
      await post(
        server,
        body({ deploy_id: 'c-3', env: 'Prod', ts: minutesAgo(30) }),
      );
      await post(
        server,
        body({ deploy_id: 'o-1', artifact: 'lambda:function:orders-api' }),
      );

      const res = await list(server, 'checkout-api');
      expect(res.status).toBe(200);
      expect(res.body.items.map((m: { id: string }) => m.id)).toEqual([
        'c-3',
        'c-1',
      ]);
      expect(res.body.nextCursor).toBeNull();
    });

    it('lists every environment of a function watched without an alias', async () => {
      const server = await startBackend();
      await post(
        server,
        body({
          deploy_id: 'o-1',
          env: 'prod',
          artifact: 'lambda:function:orders-api',
          ts: minutesAgo(20),
        }),
      );
      await post(
        server,
        body({
          deploy_id: 'o-2',
          env: null,
          artifact: 'lambda:function:orders-api:$LATEST',
          ts: minutesAgo(10),
        }),
      );
      const res = await list(server, 'orders-api');
      expect(res.body.items.map((m: { id: string }) => m.id)).toEqual([
        'o-2',
        'o-1',
      ]);
    });

    it('looks back 7 days unless since says otherwise', async () => {
      const server = await startBackend();
      await post(
        server,
        body({ deploy_id: 'old', ts: minutesAgo(8 * 24 * 60) }),
      );
      await post(server, body({ deploy_id: 'new', ts: minutesAgo(10) }));
      const recent = await list(server);
      expect(recent.body.items.map((m: { id: string }) => m.id)).toEqual([
        'new',
      ]);
      const all = await list(
        server,
        'checkout-api',
        `?since=${encodeURIComponent(minutesAgo(9 * 24 * 60))}`,
      );
      expect(all.body.items.map((m: { id: string }) => m.id)).toEqual([
        'new',
        'old',
      ]);
    });

    it('pages with limit and nextCursor', async () => {
      const server = await startBackend();
      for (let i = 1; i <= 5; i++) {
        await post(
          server,
          body({ deploy_id: `run-${i}`, ts: minutesAgo(60 - i) }),
        );
      }
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=2${
          cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
        }`;
        const res = await list(server, 'checkout-api', query);
        expect(res.status).toBe(200);
        pages.push(res.body.items.map((m: { id: string }) => m.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(pages).toEqual([
        ['run-5', 'run-4'],
        ['run-3', 'run-2'],
        ['run-1'],
      ]);
    });

    it.each([
      [
        '?since=yesterday',
        'since "yesterday" is not valid: expected one ISO 8601 time with a zone',
      ],
      [
        '?limit=0',
        'limit "0" is not valid: expected a whole number from 1 to 200',
      ],
      [
        '?limit=ten',
        'limit "ten" is not valid: expected a whole number from 1 to 200',
      ],
      ['?cursor=bogus', 'Invalid cursor'],
    ])('answers 400 for %s', async (query, message) => {
      const server = await startBackend();
      const res = await list(server, 'checkout-api', query);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    });

    it('answers 404 for an entity that does not exist or may not be read', async () => {
      const server = await startBackend();
      const res = await list(server, 'no-such-service');
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain(
        'component:default/no-such-service',
      );
    });

    it('answers 401 without credentials', async () => {
      const server = await startBackend();
      const res = await requestCheckedByContract(server)
        .get(markersOf('checkout-api'))
        .set('authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });
  });

  describe('retention', () => {
    it('schedules a daily prune of markers older than lambdaOps.deployMarkers.retentionDays', async () => {
      const scheduler = mockServices.scheduler.mock();
      const server = await startLambdaOpsBackend({
        lambdaOps: { deployMarkers: { retentionDays: 2 } },
        features: [
          permissionsForUsers(AuthorizeResult.DENY),
          scheduler.factory,
        ],
      });
      expect(scheduler.scheduleTask).toHaveBeenCalledWith(
        expect.objectContaining({
          id: DEPLOY_MARKER_RETENTION_TASK_ID,
          frequency: { hours: 24 },
          initialDelay: { minutes: 1 },
        }),
      );
      await post(
        server,
        body({ deploy_id: 'day-old', ts: minutesAgo(24 * 60) }),
      );
      await post(server, body({ deploy_id: 'fresh', ts: minutesAgo(10) }));

      // A day and a half later the first marker is past the two-day retention.
      jest.setSystemTime(new Date(NOW.getTime() + 1.5 * DAY_MS));
      const [{ fn }] = scheduler.scheduleTask.mock.calls[0];
      await (fn as () => Promise<void>)();
      const res = await list(
        server,
        'checkout-api',
        `?since=${encodeURIComponent(minutesAgo(10 * 24 * 60))}`,
      );
      expect(res.body.items.map((m: { id: string }) => m.id)).toEqual([
        'fresh',
      ]);
    });

    it('refuses a marker older than the retention', async () => {
      const server = await startBackend({
        lambdaOps: { deployMarkers: { retentionDays: 2 } },
      });
      const res = await post(server, body({ ts: minutesAgo(3 * 24 * 60) }));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'ts is older than the 2-day retention of deploy markers',
      );
    });
  });
});
