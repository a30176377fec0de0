import { ResponseError } from '@backstage/errors';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { coverageFixture, onCallFixture } from '../__fixtures__/fleet';
import { operationsFixture, runbookFixture } from '../__fixtures__/operations';
import { LambdaOpsClient } from './LambdaOpsClient';

const baseUrl = 'http://backstage.test/api/lambda-ops';

describe('LambdaOpsClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new LambdaOpsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: new MockFetchApi(),
  });

  it('asks the lambda-ops backend for the operations of the entity', async () => {
    const body = operationsFixture();
    server.use(
      http.get(
        `${baseUrl}/v1/entities/default/Component/orders-api/operations`,
        () => HttpResponse.json(body),
      ),
    );

    await expect(
      client.getOperations({
        namespace: 'default',
        kind: 'Component',
        name: 'orders-api',
      }),
    ).resolves.toEqual(body);
  });

  it('encodes every path segment on its own', async () => {
    let requestedPath: string | undefined;
    server.use(
      http.get(`${baseUrl}/v1/entities/*`, ({ request }) => {
        requestedPath = new URL(request.url).pathname;
        return HttpResponse.json(operationsFixture());
      }),
    );

    await client.getOperations({
      namespace: 'team a/b',
      kind: 'Component',
      name: 'orders#api?x=1',
    });

    expect(requestedPath).toBe(
      '/api/lambda-ops/v1/entities/team%20a%2Fb/Component/orders%23api%3Fx%3D1/operations',
    );
  });

  it('turns an error reply into a ResponseError carrying the backend message', async () => {
    server.use(
      http.get(`${baseUrl}/v1/entities/*`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: 'CloudWatch is unreachable and nothing is cached',
            },
            response: { statusCode: 503 },
          },
          { status: 503, statusText: 'Service Unavailable' },
        ),
      ),
    );

    const error = await client
      .getOperations({ namespace: 'default', kind: 'Component', name: 'x' })
      .catch(e => e);

    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(503);
    expect(error.cause.name).toBe('ServiceUnavailableError');
    expect(error.cause.message).toBe(
      'CloudWatch is unreachable and nothing is cached',
    );
  });

  it('reports an unknown entity as a 404 ResponseError', async () => {
    server.use(
      http.get(`${baseUrl}/v1/entities/*`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No such entity' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    await expect(
      client.getOperations({
        namespace: 'default',
        kind: 'Component',
        name: 'missing',
      }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 404 });
  });

  describe('getRunbook', () => {
    const entityRef = {
      namespace: 'default',
      kind: 'Component',
      name: 'orders-api',
    };

    it('asks the lambda-ops backend for the runbook of the entity', async () => {
      const body = runbookFixture();
      let requestedPath: string | undefined;
      server.use(
        http.get(`${baseUrl}/v1/entities/*`, ({ request }) => {
          requestedPath = new URL(request.url).pathname;
          return HttpResponse.json(body);
        }),
      );

      await expect(client.getRunbook(entityRef)).resolves.toEqual(body);
      expect(requestedPath).toBe(
        '/api/lambda-ops/v1/entities/default/Component/orders-api/runbook',
      );
    });

    it('encodes every path segment on its own', async () => {
      let requestedPath: string | undefined;
      server.use(
        http.get(`${baseUrl}/v1/entities/*`, ({ request }) => {
          requestedPath = new URL(request.url).pathname;
          return HttpResponse.json(runbookFixture());
        }),
      );

      await client.getRunbook({
        namespace: 'team a/b',
        kind: 'Component',
        name: '../operations',
      });

      expect(requestedPath).toBe(
        '/api/lambda-ops/v1/entities/team%20a%2Fb/Component/..%2Foperations/runbook',
      );
    });

    it.each([
      [
        400,
        'InputError',
        'Annotation lambda-ops/runbook: "../../etc/passwd" leaves the source location',
      ],
      [
        403,
        'NotAllowedError',
        'wiki.internal.example is not an allowed host: add it to integrations or backend.reading.allow',
      ],
      [404, 'NotFoundError', 'No runbook at ./docs/runbook.md'],
      [413, 'PayloadTooLargeError', 'The runbook is larger than 1 MB'],
    ])(
      'turns a %i reply into a ResponseError carrying the backend message',
      async (status, name, message) => {
        server.use(
          http.get(`${baseUrl}/v1/entities/*`, () =>
            HttpResponse.json(
              { error: { name, message }, response: { statusCode: status } },
              { status },
            ),
          ),
        );

        const error = await client.getRunbook(entityRef).catch(e => e);

        expect(ResponseError.is(error)).toBe(true);
        expect(error.statusCode).toBe(status);
        expect(error.cause.name).toBe(name);
        expect(error.cause.message).toBe(message);
      },
    );
  });

  describe('fleet views', () => {
    function recordRequests(body: () => Response) {
      const urls: URL[] = [];
      server.use(
        http.get(`${baseUrl}/v1/*`, ({ request }) => {
          urls.push(new URL(request.url));
          return body();
        }),
      );
      return urls;
    }

    it('asks for the on-call view of the caller when no owner is given', async () => {
      const body = onCallFixture();
      const urls = recordRequests(() => HttpResponse.json(body));

      await expect(client.getOnCall()).resolves.toEqual(body);
      expect(urls[0].pathname).toBe('/api/lambda-ops/v1/on-call');
      expect(urls[0].search).toBe('');
    });

    it('repeats owner once per owner, each encoded', async () => {
      const urls = recordRequests(() => HttpResponse.json(onCallFixture()));

      await client.getOnCall({
        owners: ['group:default/payments', 'user:default/a&b'],
      });

      expect(urls[0].searchParams.getAll('owner')).toEqual([
        'group:default/payments',
        'user:default/a&b',
      ]);
    });

    it('asks for the coverage scorecard of the owners', async () => {
      const body = coverageFixture();
      const urls = recordRequests(() => HttpResponse.json(body));

      await expect(
        client.getCoverage({ owners: ['group:default/payments'] }),
      ).resolves.toEqual(body);
      expect(urls[0].pathname).toBe('/api/lambda-ops/v1/coverage');
      expect(urls[0].searchParams.getAll('owner')).toEqual([
        'group:default/payments',
      ]);
      expect(urls[0].searchParams.has('format')).toBe(false);
    });

    it('downloads the scorecard as CSV with format=csv', async () => {
      const csv =
        'entity,owner,score\ncomponent:default/orders-api,group:default/payments,1\n';
      const urls = recordRequests(
        () =>
          new HttpResponse(csv, { headers: { 'Content-Type': 'text/csv' } }),
      );

      const blob = await client.getCoverageCsv({
        owners: ['group:default/payments'],
      });

      expect(await blob.text()).toBe(csv);
      expect(urls[0].searchParams.get('format')).toBe('csv');
      expect(urls[0].searchParams.getAll('owner')).toEqual([
        'group:default/payments',
      ]);
    });

    it('turns a malformed owner into a 400 ResponseError naming it', async () => {
      const message =
        'Owner "payments" is not an entity ref: use the form group:default/payments';
      recordRequests(() =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      );

      const error = await client
        .getOnCall({ owners: ['payments'] })
        .catch(e => e);

      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(400);
      expect(error.cause.message).toBe(message);
    });
  });
});
