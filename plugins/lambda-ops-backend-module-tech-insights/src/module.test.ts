import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { NotImplementedError } from '@backstage/errors';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import type { CoverageResponse } from '@lambda-ops/backstage-plugin-common';
import express from 'express';
import request from 'supertest';
import { techInsightsModuleLambdaOps } from './module';

const CHECKOUT_API = 'component:default/checkout-api';

const scorecard: CoverageResponse = {
  snapshotAt: '2026-12-02T11:55:00.000Z',
  stale: false,
  staleReason: null,
  emptyReason: null,
  checks: [],
  entities: [
    {
      entityRef: CHECKOUT_API,
      owner: 'group:default/payments',
      score: 0.6,
      checks: {
        'slo-pattern': { result: 'pass', reason: '' },
        runbook: { result: 'pass', reason: '' },
        'alarms-have-runbooks': {
          result: 'fail',
          reason: 'alarm checkout-api-throttles links no runbook',
        },
        'alarms-classified': {
          result: 'fail',
          reason: 'alarm checkout-api-duration is neither page nor ticket',
        },
        'page-alarm': { result: 'pass', reason: '' },
        'slo-met': { result: 'n/a', reason: 'no SLO has data' },
      },
      alarms: { total: 4, withoutRunbook: 1, unclassified: 1, page: 2 },
    },
  ],
  owners: [],
  total: { entities: 1, score: 0.6 },
};

/** What the stand-in Lambda Ops backend answers `GET /v1/coverage` with. */
type CoverageAnswer = CoverageResponse | Error;

/**
 * A stand-in for the Lambda Ops backend plugin: its coverage route, behind the same
 * service-to-service authentication, so the module's discovery and token are exercised.
 */
function lambdaOpsStandIn(answer: () => CoverageAnswer) {
  const callers: string[] = [];
  const plugin = createBackendPlugin({
    pluginId: 'lambda-ops',
    register(reg) {
      reg.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = express.Router();
          router.get('/v1/coverage', (req, res, next) => {
            httpAuth
              .credentials(req, { allow: ['service'] })
              .then(credentials => {
                callers.push(credentials.principal.subject);
                const reply = answer();
                if (reply instanceof Error) {
                  throw reply;
                }
                res.json(reply);
              })
              .catch(next);
          });
          httpRouter.use(router);
        },
      });
    },
  });
  return { plugin, callers };
}

/** Keeps every line logged, so a test can read why no facts were written. */
function collectingLogger() {
  const lines: Array<{ level: string; message: string }> = [];
  const logger: LoggerService = {
    error: message => void lines.push({ level: 'error', message }),
    warn: message => void lines.push({ level: 'warn', message }),
    info: message => void lines.push({ level: 'info', message }),
    debug: message => void lines.push({ level: 'debug', message }),
    child: () => logger,
  };
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.logger,
      deps: {},
      factory: () => logger,
    }),
  };
}

async function startBackend(answer: () => CoverageAnswer) {
  const lambdaOps = lambdaOpsStandIn(answer);
  const logger = collectingLogger();
  const backend = await startTestBackend({
    features: [
      techInsightsPlugin,
      techInsightsModuleLambdaOps,
      lambdaOps.plugin,
      logger.factory,
      mockServices.rootConfig.factory({
        data: {
          techInsights: {
            factRetrievers: {
              'lambda-ops-coverage': { cadence: '*/15 * * * *' },
            },
          },
        },
      }),
      // The retriever runs once when the backend has started, as it would on its cadence.
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
    ],
  });
  return { backend, callers: lambdaOps.callers, logLines: logger.lines };
}

function latestFacts(server: Parameters<typeof request>[0], entity: string) {
  return request(server)
    .get('/api/tech-insights/facts/latest')
    .query({ entity, 'ids[]': 'lambda-ops-coverage' })
    .set('authorization', mockCredentials.user.header());
}

describe('the lambda-ops-coverage fact retriever in the Tech Insights backend', () => {
  it('writes the facts of each entity of the scorecard, stamped with the snapshot time', async () => {
    const { backend, callers } = await startBackend(() => scorecard);

    const res = await latestFacts(backend.server, CHECKOUT_API);

    expect(res.status).toBe(200);
    expect(res.body['lambda-ops-coverage']).toMatchObject({
      id: 'lambda-ops-coverage',
      entity: { kind: 'component', namespace: 'default', name: 'checkout-api' },
      facts: {
        hasSloPattern: true,
        hasReadableRunbook: true,
        alarmsWithoutRunbook: 1,
        unclassifiedAlarms: 1,
        pageAlarms: 2,
        coverageScore: 0.6,
      },
    });
    expect(
      new Date(res.body['lambda-ops-coverage'].timestamp).toISOString(),
    ).toBe('2026-12-02T11:55:00.000Z');
    expect(res.body['lambda-ops-coverage'].facts).not.toHaveProperty('sloMet');
    expect(callers).toEqual(['plugin:tech-insights']);
    await backend.stop();
  });

  it('declares the schema of every fact, with a description', async () => {
    const { backend } = await startBackend(() => scorecard);

    const res = await request(backend.server)
      .get('/api/tech-insights/fact-schemas')
      .query({ 'ids[]': 'lambda-ops-coverage' })
      .set('authorization', mockCredentials.user.header());

    expect(res.status).toBe(200);
    // The route lists each schema flattened: its facts beside id, version and entityFilter.
    const [{ id, version, entityFilter, ...facts }] = res.body;
    expect({ id, version }).toEqual({
      id: 'lambda-ops-coverage',
      version: '0.1.0',
    });
    expect(
      Object.fromEntries(
        Object.entries(
          facts as Record<string, { type: string; description: string }>,
        ).map(([fact, { type, description }]) => [
          fact,
          description.length > 0 ? type : 'undescribed',
        ]),
      ),
    ).toEqual({
      hasSloPattern: 'boolean',
      hasReadableRunbook: 'boolean',
      alarmsWithoutRunbook: 'integer',
      unclassifiedAlarms: 'integer',
      pageAlarms: 'integer',
      sloMet: 'boolean',
      coverageScore: 'float',
    });
    await backend.stop();
  });

  it('writes no facts before the first refresh of the Lambda Ops collector, and says so', async () => {
    const { backend, logLines } = await startBackend(() => ({
      ...scorecard,
      snapshotAt: null,
      entities: [],
    }));

    const res = await latestFacts(backend.server, CHECKOUT_API);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect(logLines).toContainEqual({
      level: 'info',
      message: expect.stringMatching(
        /No lambda-ops-coverage facts written: the Lambda Ops collector has not finished its first refresh/,
      ),
    });
    await backend.stop();
  });

  it('writes the facts of a stale snapshot, and warns that the last refresh failed', async () => {
    const { backend, logLines } = await startBackend(() => ({
      ...scorecard,
      stale: true,
    }));

    const res = await latestFacts(backend.server, CHECKOUT_API);

    expect(res.body['lambda-ops-coverage'].facts).toMatchObject({
      alarmsWithoutRunbook: 1,
    });
    expect(logLines).toContainEqual({
      level: 'warn',
      message:
        "The Lambda Ops collector's last refresh failed: the lambda-ops-coverage facts are those of the snapshot collected at 2026-12-02T11:55:00.000Z",
    });
    await backend.stop();
  });

  it('writes no facts when Lambda Ops answers an error, and logs its answer', async () => {
    const { backend, logLines } = await startBackend(
      () => new NotImplementedError('The coverage scorecard is not served yet'),
    );

    const res = await latestFacts(backend.server, CHECKOUT_API);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect(logLines).toContainEqual({
      level: 'warn',
      message: expect.stringMatching(
        /No lambda-ops-coverage facts written: the Lambda Ops coverage scorecard could not be read \(Lambda Ops answered 501: The coverage scorecard is not served yet\)/,
      ),
    });
    await backend.stop();
  });
});
