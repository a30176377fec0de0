import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  DeployGateResponse,
  AlarmTemplateResponse,
  DeployMarker,
  CoverageResponse,
  DeployMarkerRequest,
  OnCallResponse,
  OperationsResponse,
  RunbookResponse,
} from '@lambda-ops/backstage-plugin-common';
import express from 'express';
import { MemoryStore } from 'express-rate-limit';
import request from 'supertest';
import { schemaCheckedServer } from './__testUtils__/schemaCheckedServer';
import { createRouter } from './router';
import { spec } from './schema/openapi/generated/router';
import { DeployGateService } from './services/DeployGateService';
import { AlarmTemplateService } from './services/AlarmTemplateService';
import { DeployMarkerService } from './services/DeployMarkerService';
import { SloReviewService } from './services/review/SloReviewService';
import { FleetViewsService } from './services/fleet/FleetViewsService';
import { OperationsService } from './services/OperationsService';
import { PayloadTooLargeError } from './errors';

const ENTITY = '/v1/entities/default/component/orders-api';

const marker: DeployMarker = {
  id: 'orders-api/run-41',
  ts: '2026-11-29T11:20:00.000Z',
  env: 'PROD',
  source: 'ci',
  changeType: 'deployment',
  actor: 'github-actions',
  gitSha: '3f9c2ab',
  changeSummary: 'Raise memory to 1024 MB',
  artifact: 'lambda:function:orders-api:PROD',
  ref: 'refs/tags/v42',
  reason: 'p95 Duration near the timeout',
  risk: 'medium',
  rollback: 'Point PROD back at version 41',
  links: ['https://github.com/acme/orders/pull/42'],
};

/** One of everything the tab shows, so that every field of the reply meets the schema. */
const operationsReply: OperationsResponse = {
  entityRef: 'component:default/orders-api',
  generatedAt: '2026-11-29T12:00:00.000Z',
  stale: false,
  pattern: 'api',
  functions: [
    {
      name: 'orders-api',
      region: 'us-east-1',
      accountId: null,
      qualifier: 'PROD',
    },
  ],
  slos: [
    {
      id: 'orders-api:availability',
      source: 'cloudwatch',
      objective: 'availability',
      description: '99.9% of requests succeed over 30 days',
      target: 0.999,
      window: '30d',
      evaluation: 'request',
      attainment: 0.9987,
      errorBudget: {
        total: 43.2,
        consumed: 56,
        remaining: -0.3,
        unit: 'requests',
      },
      burnRates: [
        {
          severity: 'page',
          longWindow: '1h',
          shortWindow: '5m',
          threshold: 14.4,
          long: 30,
          short: 30,
          firing: true,
          state: 'firing',
        },
        {
          severity: 'ticket',
          longWindow: '3d',
          shortWindow: '6h',
          threshold: 1,
          long: null,
          short: null,
          firing: false,
          state: 'no-data',
        },
      ],
      status: 'page',
      burnDown: [{ ts: '2026-11-29T00:00:00.000Z', remaining: 0.2 }],
      counts: [{ label: 'Errors', value: 56 }],
      burningSince: '2026-11-29T11:40:00.000Z',
      dataThrough: '2026-11-29T11:57:00.000Z',
      budgetKind: 'ratio',
      deployBeforeBurn: null,
      exclusionWindows: [],
    },
  ],
  alarms: [
    {
      name: 'orders-api-errors',
      arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-api-errors',
      type: 'metric',
      metric: 'Errors',
      state: 'ALARM',
      stateSince: '2026-11-29T11:45:00.000Z',
      severity: 'page',
      severitySource: 'tag',
      runbookUrl: 'https://runbooks.example.com/orders-api.md#errors',
      runbookProblem: null,
      kind: 'metric',
      defects: [],
    },
  ],
  deployMarkers: [marker],
  triage: [
    {
      check: 'recent-deploy',
      result: 'warn',
      message: 'Deployed 20 min before the alarm: roll back first',
      runbookStep: 'a-triage-in-3-minutes',
    },
  ],
  rollback: {
    message: 'Deployed 20 min before the burn started — roll back PROD first',
    functionName: 'orders-api',
    deployMarkerId: 'orders-api/run-41',
    alias: 'PROD',
    fromVersion: '42',
    toVersion: '41',
    command:
      'aws lambda update-alias --function-name orders-api --name PROD --function-version 41',
  },
  runbook: {
    annotation: './docs/runbook.md',
    url: 'https://runbooks.example.com/orders-api.md',
    available: true,
  },
  problems: [
    {
      code: 'invalid-annotation',
      annotation: 'lambda-ops/slo-latency',
      message: 'lambda-ops/slo-latency "fast" is not valid: e.g. p95<500ms@99',
    },
  ],
  dataLag: { minutes: 9, newestData: '2026-11-29T11:51:00.000Z' },
};

const runbookReply: RunbookResponse = {
  url: 'https://runbooks.example.com/orders-api.md',
  markdown: '# Orders API\n\n## Errors\n',
  headings: [
    { id: 'orders-api', text: 'Orders API', level: 1 },
    { id: 'errors', text: 'Errors', level: 2 },
  ],
};

const markerBody: DeployMarkerRequest = {
  ts: new Date(Date.now() - 60_000).toISOString(),
  deploy_id: 'orders-api/run-41',
  artifact: 'lambda:function:orders-api:PROD',
  change_summary: 'Raise memory to 1024 MB',
  reason: 'p95 Duration near the timeout',
};

describe('createRouter, checked against the contract', () => {
  const operations = {
    getOperations: jest.fn(),
    getRunbook: jest.fn(),
  };
  const deployMarkers = { record: jest.fn(), listForEntity: jest.fn() };
  const deployGate = { getDeployGate: jest.fn() };
  const alarmTemplates = { getTemplate: jest.fn() };
  const permissions = mockServices.permissions.mock();
  const fleetViews = {
    getOnCall: jest.fn(),
    getCoverage: jest.fn(),
    getCoverageJson: jest.fn(),
  };
  const sloReview = { getReview: jest.fn() };

  beforeEach(() => {
    jest.resetAllMocks();
    permissions.authorize.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
  });

  async function startServer() {
    return schemaCheckedServer(express().use(await plainRouter()));
  }

  /** For requests the contract does not describe, which its checking proxy refuses. */
  async function startServerOutsideTheContract() {
    return express().use(await plainRouter());
  }

  async function plainRouter(lambdaOps: object = {}) {
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      // The database's counts are tested with the limit; here, the route's answers.
      deployMarkerRateLimits: new MemoryStore(),
      logger: mockServices.logger.mock(),
      config: mockServices.rootConfig({ data: { lambdaOps } }),
      operations: operations as unknown as OperationsService,
      permissions,
      deployMarkers: deployMarkers as unknown as DeployMarkerService,
      deployGate: deployGate as unknown as DeployGateService,
      fleetViews: fleetViews as unknown as FleetViewsService,
      alarmTemplates: alarmTemplates as unknown as AlarmTemplateService,
      sloReview: sloReview as unknown as SloReviewService,
    });
    return express.Router().use(router).use(mockErrorHandler());
  }

  /** Backstage's error body, as the contract's Error schema describes it. */
  const errorBody = (name: string, statusCode: number) => ({
    error: expect.objectContaining({ name, message: expect.any(String) }),
    request: expect.any(Object),
    response: { statusCode },
  });

  it('answers /health without credentials', async () => {
    const res = await request(await startServer())
      .get('/health')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  describe('GET …/alarm-template', () => {
    it('answers the template the service generates', async () => {
      const template: AlarmTemplateResponse = {
        entityRef: 'component:default/orders-api',
        fileName: 'orders-api-alarms.yaml',
        severityTagKey: 'oncall-severity',
        yaml: 'Resources: {}\n',
        alarms: [
          {
            logicalId: 'OrdersApiThrottlesTicket',
            name: 'orders-api-throttles-ticket',
            type: 'metric',
            kind: 'throttles',
            severity: 'ticket',
            functionName: 'orders-api',
            notifies: true,
            runbookUrl: null,
            summary: 'orders-api: invocations were throttled',
          },
        ],
        warnings: [],
      };
      alarmTemplates.getTemplate.mockResolvedValue(template);
      const res = await request(await startServer()).get(
        `${ENTITY}/alarm-template`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual(template);
      expect(alarmTemplates.getTemplate).toHaveBeenCalledWith(
        { namespace: 'default', kind: 'component', name: 'orders-api' },
        expect.anything(),
      );
    });
  });

  describe('GET …/operations', () => {
    it('answers the whole tab', async () => {
      operations.getOperations.mockResolvedValue(operationsReply);
      const res = await request(await startServer()).get(
        `${ENTITY}/operations`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual(operationsReply);
      expect(operations.getOperations).toHaveBeenCalledWith(
        { namespace: 'default', kind: 'component', name: 'orders-api' },
        expect.anything(),
      );
    });

    it('answers 400 naming the bad part of the path and a valid form', async () => {
      const res = await request(await startServer()).get(
        '/v1/entities/default/comp$nent/orders-api/operations',
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual(errorBody('InputError', 400));
      expect(res.body.error.message).toBe(
        'Invalid path: kind "comp$nent" is not valid in /v1/entities/<namespace>/<kind>/<name>/operations: expected the entity\'s kind, e.g. component',
      );
      expect(operations.getOperations).not.toHaveBeenCalled();
    });

    it('answers 401 without credentials', async () => {
      const res = await request(await startServer())
        .get(`${ENTITY}/operations`)
        .set('authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
      expect(res.body).toEqual(errorBody('AuthenticationError', 401));
    });

    it('answers 404 for an entity the caller may not read', async () => {
      operations.getOperations.mockRejectedValue(
        new NotFoundError('No entity component:default/orders-api'),
      );
      const res = await request(await startServer()).get(
        `${ENTITY}/operations`,
      );
      expect(res.status).toBe(404);
      expect(res.body).toEqual(errorBody('NotFoundError', 404));
    });

    it('answers 503 when AWS is down and nothing is cached', async () => {
      operations.getOperations.mockRejectedValue(
        new ServiceUnavailableError('CloudWatch: connection refused'),
      );
      const res = await request(await startServer()).get(
        `${ENTITY}/operations`,
      );
      expect(res.status).toBe(503);
      expect(res.body).toEqual(errorBody('ServiceUnavailableError', 503));
    });
  });

  describe('GET …/deploy-gate', () => {
    const gateReply: DeployGateResponse = {
      entityRef: 'component:default/orders-api',
      env: 'PROD',
      version: '43',
      decision: 'block',
      reasons: [
        {
          code: 'budget-exhausted',
          sloId: 'orders-api:availability',
          message:
            '99.9% of requests succeed over 30 days: -30% of the budget left, below block-below 0%',
        },
      ],
      budgetRemaining: -0.3,
      policy: { blockBelow: 0, warnBelow: 0.25 },
      problems: [
        {
          code: 'invalid-annotation',
          annotation: 'lambda-ops/budget-policy',
          message:
            'Annotation lambda-ops/budget-policy: "stop" is not block-below or warn-below with a value. Write it as e.g. "block-below: 0, warn-below: 0.25"; the policy block-below 0, warn-below 0.25 applies meanwhile',
        },
      ],
    };

    it('answers the decision for the environment and version asked about', async () => {
      deployGate.getDeployGate.mockResolvedValue(gateReply);
      const res = await request(await startServer()).get(
        `${ENTITY}/deploy-gate?env=PROD&version=43`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual(gateReply);
      expect(deployGate.getDeployGate).toHaveBeenCalledWith(
        { namespace: 'default', kind: 'component', name: 'orders-api' },
        { env: 'PROD', version: '43' },
        expect.anything(),
      );
    });

    it('answers 400 without env, naming it', async () => {
      const res = await request(await startServer()).get(
        `${ENTITY}/deploy-gate`,
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual(errorBody('InputError', 400));
      expect(res.body.error.message).toBe(
        'Invalid query: env is missing: expected the environment about to be deployed, 1–64 characters, e.g. env=PROD',
      );
      expect(deployGate.getDeployGate).not.toHaveBeenCalled();
    });

    it('answers 400 for a version that is no Lambda version or alias', async () => {
      const res = await request(await startServer()).get(
        `${ENTITY}/deploy-gate?env=PROD&version=${encodeURIComponent('4 3')}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('version');
    });

    it('answers 401 without credentials and 404 for an entity the caller may not read', async () => {
      const server = await startServer();
      const anonymous = await request(server)
        .get(`${ENTITY}/deploy-gate?env=PROD`)
        .set('authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
      deployGate.getDeployGate.mockRejectedValue(
        new NotFoundError('No entity component:default/orders-api'),
      );
      const hidden = await request(server).get(
        `${ENTITY}/deploy-gate?env=PROD`,
      );
      expect(hidden.status).toBe(404);
      expect(hidden.body).toEqual(errorBody('NotFoundError', 404));
    });
  });

  describe('GET …/runbook', () => {
    it('answers the runbook with its headings', async () => {
      operations.getRunbook.mockResolvedValue(runbookReply);
      const res = await request(await startServer()).get(`${ENTITY}/runbook`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(runbookReply);
    });

    it.each([
      [403, 'NotAllowedError', new NotAllowedError('Host not allowed')],
      [404, 'NotFoundError', new NotFoundError('No runbook annotation')],
      [413, 'PayloadTooLargeError', new PayloadTooLargeError('Over 1 MiB')],
    ])('answers %i for a %s', async (status, name, error) => {
      operations.getRunbook.mockRejectedValue(error);
      const res = await request(await startServer()).get(`${ENTITY}/runbook`);
      expect(res.status).toBe(status);
      expect(res.body).toEqual(errorBody(name, status));
    });

    it('answers 400 for a bad namespace and 401 without credentials', async () => {
      const server = await startServer();
      const bad = await request(server).get(
        '/v1/entities/-x/component/orders-api/runbook',
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain(
        'namespace "-x" is not valid in /v1/entities/<namespace>/<kind>/<name>/runbook',
      );
      const anonymous = await request(server)
        .get(`${ENTITY}/runbook`)
        .set('authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
    });
  });

  describe('GET …/deploy-markers', () => {
    it('answers a page of markers for the query it was given', async () => {
      deployMarkers.listForEntity.mockResolvedValue({
        items: [marker],
        nextCursor: 'next',
      });
      const res = await request(await startServer()).get(
        `${ENTITY}/deploy-markers?since=2026-11-01T00:00:00%2B09:00&limit=1`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [marker], nextCursor: 'next' });
      expect(deployMarkers.listForEntity).toHaveBeenCalledWith(
        { namespace: 'default', kind: 'component', name: 'orders-api' },
        {
          since: new Date('2026-10-31T15:00:00Z'),
          until: undefined,
          limit: 1,
          cursor: undefined,
        },
        expect.objectContaining({ principal: expect.any(Object) }),
      );
    });

    it.each([
      [
        'limit=500',
        'Invalid query: limit "500" is not valid: expected a whole number from 1 to 200, e.g. limit=50 (the default)',
      ],
      [
        'since=yesterday',
        'Invalid query: since "yesterday" is not valid: expected one ISO 8601 time with a zone, e.g. since=2026-11-22T00:00:00Z (default: 7 days ago)',
      ],
      [
        'from=2026-11-01T00:00:00Z',
        'Unknown query parameter "from": this route takes since, until, limit, cursor',
      ],
    ])(
      'answers 400 for ?%s, saying what a valid query is',
      async (query, message) => {
        const res = await request(await startServer()).get(
          `${ENTITY}/deploy-markers?${query}`,
        );
        expect(res.status).toBe(400);
        expect(res.body).toEqual(errorBody('InputError', 400));
        expect(res.body.error.message).toBe(message);
      },
    );

    it('answers 401 without credentials and 404 for an unknown entity', async () => {
      const server = await startServer();
      const anonymous = await request(server)
        .get(`${ENTITY}/deploy-markers`)
        .set('authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
      deployMarkers.listForEntity.mockRejectedValue(
        new NotFoundError('No such entity'),
      );
      const unknown = await request(server).get(`${ENTITY}/deploy-markers`);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual(errorBody('NotFoundError', 404));
    });
  });

  describe('POST /v1/deploy-markers', () => {
    const post = async (body: object | string) =>
      request(await startServer())
        .post('/v1/deploy-markers')
        .set('content-type', 'application/json')
        .send(body);

    it('answers 201 for a new marker and 200 for one recorded before', async () => {
      deployMarkers.record
        .mockResolvedValueOnce({ marker, created: true })
        .mockResolvedValueOnce({ marker, created: false });
      const first = await post(markerBody);
      expect(first.status).toBe(201);
      expect(first.body).toEqual(marker);
      const again = await post(markerBody);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(marker);
    });

    it('answers 400 naming every bad field, what a valid value is, and unknown fields', async () => {
      const res = await post({
        ...markerBody,
        deploy_id: 4711,
        git_sha: 'not-a-sha',
        risk: 'extreme',
        reason: undefined,
        commit: 'abc1234',
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(errorBody('InputError', 400));
      expect(res.body.error.message).toBe(
        [
          'Invalid deploy marker: deploy_id is a number: expected 1–128 characters of letters, digits and . _ : / @ -, one per deploy, e.g. "checkout-api/run-4711"',
          'git_sha "not-a-sha" is not valid: expected 7 to 40 hexadecimal characters, e.g. "3f9c2ab"',
          'reason is missing: expected 1–1000 characters saying why it changed',
          'risk "extreme" is not valid: expected one of "low", "medium", "high"',
          'unknown field "commit": the fields are ts, deploy_id, env, service, artifact, git_sha, ref, actor, change_summary, reason, risk, rollback, gate_override, links',
        ].join('; '),
      );
      expect(deployMarkers.record).not.toHaveBeenCalled();
    });

    it('answers 400 for a gate override without a reason', async () => {
      const res = await request(await startServer())
        .post('/v1/deploy-markers')
        .send({ ...markerBody, gate_override: {} });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(errorBody('InputError', 400));
      expect(res.body.error.message).toBe(
        'Invalid deploy marker: gate_override {} is not valid: expected set when the deploy goes ahead although the deploy gate said block or warn: { "reason": 1–1000 characters saying why }, e.g. { "reason": "hotfix for the outage, approved by the incident lead" }',
      );
      expect(deployMarkers.record).not.toHaveBeenCalled();
    });

    it('answers 400 for a body that is not an object', async () => {
      const res = await post('[]');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^Invalid deploy marker: the body must be a JSON object \(Content-Type: application\/json\) with the fields ts, deploy_id/,
      );
    });

    it.each([
      ['text/plain', 'ts=2026-11-29T11:20:00Z'],
      [
        'application/x-www-form-urlencoded',
        'ts=2026-11-29T11:20:00Z&deploy_id=x',
      ],
      ['multipart/form-data; boundary=x', '--x\r\n\r\nts\r\n--x--'],
      ['application/xml', '<marker/>'],
    ])(
      'answers 415 for a body sent as %s, asking for JSON before judging fields',
      async (contentType, body) => {
        const res = await request(await startServerOutsideTheContract())
          .post('/v1/deploy-markers')
          .set('content-type', contentType)
          .send(body);
        expect(res.status).toBe(415);
        expect(res.body).toEqual(errorBody('UnsupportedMediaTypeError', 415));
        expect(res.body.error.message).toBe(
          `The body was sent as ${contentType}: send it as JSON, with Content-Type: application/json`,
        );
        expect(deployMarkers.record).not.toHaveBeenCalled();
      },
    );

    it('answers 400 for a link past the 20th and a control character in a single-line field', async () => {
      const res = await post({
        ...markerBody,
        actor: 'ali\u0000ce',
        links: Array.from({ length: 21 }, (_, i) => `https://ci/${i}`),
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'actor "ali\\u0000ce" is not valid: expected up to 255 characters on one line',
      );
      expect(res.body.error.message).toContain('links has 21 entries');
    });

    it('answers 401 without credentials', async () => {
      const res = await request(await startServerOutsideTheContract())
        .post('/v1/deploy-markers')
        .set('authorization', mockCredentials.none.header())
        .send(markerBody);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(errorBody('AuthenticationError', 401));
    });

    it('answers 403 to a user without the permission', async () => {
      permissions.authorize.mockResolvedValue([
        { result: AuthorizeResult.DENY },
      ]);
      const res = await post(markerBody);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(errorBody('NotAllowedError', 403));
      expect(res.body.error.message).toContain(
        'lambda-ops.deploy-marker.create',
      );
    });

    it('answers 429 with Retry-After past the rate limit of one principal, and not to another', async () => {
      deployMarkers.record.mockResolvedValue({ marker, created: false });
      const server = await schemaCheckedServer(
        express().use(
          await plainRouter({
            deployMarkers: { rateLimit: { max: 2, window: { minutes: 1 } } },
          }),
        ),
      );
      const postAs = (header: string) =>
        request(server)
          .post('/v1/deploy-markers')
          .set('authorization', header)
          .send(markerBody);
      const ci = mockCredentials.service.header();
      const user = mockCredentials.user.header();
      expect((await postAs(user)).status).toBe(200);
      expect((await postAs(user)).status).toBe(200);
      const limited = await postAs(user);
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual(errorBody('TooManyRequestsError', 429));
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(limited.body.error.message).toMatch(
        /^More than 2 deploy markers from you within 60 s: try again in \d+ s/,
      );
      expect(deployMarkers.record).toHaveBeenCalledTimes(2);
      // CI's service principal has a count of its own.
      expect((await postAs(ci)).status).toBe(200);
    });

    it('answers 409 for a deploy_id recorded with other content', async () => {
      deployMarkers.record.mockRejectedValue(
        new ConflictError('orders-api/run-41 was recorded with other content'),
      );
      const res = await post(markerBody);
      expect(res.status).toBe(409);
      expect(res.body).toEqual(errorBody('ConflictError', 409));
    });

    it('answers 413 for a body over 64 kB, naming the fields to shorten', async () => {
      // Valid JSON that the contract accepts, made large by whitespace.
      const res = await post(
        JSON.stringify(markerBody).replace('{', `{${' '.repeat(70_000)}`),
      );
      expect(res.status).toBe(413);
      expect(res.body).toEqual(errorBody('PayloadTooLargeError', 413));
      expect(res.body.error.message).toBe(
        'The deploy marker is larger than 64 kB: shorten change_summary, reason, rollback or links',
      );
    });
  });

  describe('methods and paths outside the contract', () => {
    const paths = spec.paths as unknown as Record<string, object>;
    /** Each path of the schema with a method it does not list. */
    const wrongMethods = Object.entries(paths).flatMap(([template, item]) =>
      (['get', 'post', 'put', 'delete', 'patch'] as const)
        .filter(method => !(method in item))
        .map(method => ({
          method,
          template,
          path: template.replace(/\{\w+\}/g, 'x'),
          allow: [
            ...Object.keys(item).map(m => m.toUpperCase()),
            ...('get' in item ? ['HEAD'] : []),
          ],
        })),
    );

    it.each(wrongMethods)(
      'answers $method $template with 405 and the Allow header the schema gives',
      async ({ method, template, path, allow }) => {
        const res = await request(await startServerOutsideTheContract())
          [method](path)
          .set('content-type', 'application/json')
          .send('{}');
        expect(res.status).toBe(405);
        expect(res.headers.allow).toBe(allow.join(', '));
        expect(res.body).toEqual(errorBody('MethodNotAllowedError', 405));
        expect(res.body.error.message).toBe(
          `${method.toUpperCase()} is not allowed on ${template}: use ${allow.join(
            ' or ',
          )}`,
        );
      },
    );

    it.each([
      '/v2/entities',
      '/v1/entities/default/component',
      '/',
      '/v1/deploy-markers/x',
    ])(
      'answers GET %s with 404 saying it is not a route of the API',
      async path => {
        const res = await request(await startServerOutsideTheContract()).get(
          path,
        );
        expect(res.status).toBe(404);
        expect(res.body).toEqual(errorBody('NotFoundError', 404));
        expect(res.body.error.message).toMatch(
          /is not a route of the Lambda Ops API: the routes are \/health, /,
        );
      },
    );
  });

  describe('fleet views', () => {
    const onCallReply: OnCallResponse = {
      owners: ['group:default/payments', 'user:default/alice'],
      snapshotAt: '2026-11-29T11:55:00Z',
      stale: false,
      staleReason: null,
      emptyReason: null,
      rows: [],
      totals: {
        page: 0,
        breached: 0,
        warning: 0,
        unknown: 0,
        'no-data': 0,
        ok: 0,
      },
    };
    const coverageReply: CoverageResponse = {
      snapshotAt: '2026-11-29T11:55:00Z',
      stale: true,
      staleReason:
        'CloudWatch in us-east-1 is unavailable (ServiceUnavailableException)',
      emptyReason: null,
      checks: [],
      entities: [
        {
          entityRef: 'component:default/orders-api',
          owner: 'group:default/payments',
          alarms: { total: 1, withoutRunbook: 0, unclassified: 0, page: 1 },
          score: 0.5,
          checks: {
            runbook: { result: 'fail', reason: 'add `lambda-ops/runbook`' },
            'page-alarm': { result: 'pass', reason: '1 page alarm' },
          },
        },
      ],
      owners: [],
      total: { entities: 1, score: 0.5 },
    };

    it('answers the on-call view for the owners asked for, every owner passed on', async () => {
      fleetViews.getOnCall.mockResolvedValue(onCallReply);
      const res = await request(await startServer()).get(
        '/v1/on-call?owner=group:default/payments&owner=user:default/alice',
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual(onCallReply);
      expect(fleetViews.getOnCall).toHaveBeenCalledWith(
        { owner: ['group:default/payments', 'user:default/alice'] },
        expect.objectContaining({ principal: expect.anything() }),
      );
    });

    it('passes a single owner as a list, and none when no owner is asked for', async () => {
      fleetViews.getOnCall.mockResolvedValue(onCallReply);
      const server = await startServer();
      await request(server).get('/v1/on-call?owner=group:default/payments');
      await request(server).get('/v1/on-call');
      expect(fleetViews.getOnCall.mock.calls.map(([query]) => query)).toEqual([
        { owner: ['group:default/payments'] },
        { owner: undefined },
      ]);
    });

    it('answers the scorecard as JSON, and as a CSV download with format=csv', async () => {
      fleetViews.getCoverage.mockResolvedValue(coverageReply);
      fleetViews.getCoverageJson.mockResolvedValue(
        JSON.stringify(coverageReply),
      );
      const json = await request(await startServer()).get('/v1/coverage');
      expect(json.status).toBe(200);
      expect(json.body).toEqual(coverageReply);

      const csv = await request(await startServerOutsideTheContract()).get(
        '/v1/coverage?format=csv',
      );
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toBe(
        'attachment; filename="lambda-ops-coverage.csv"',
      );
      expect(csv.text.split('\r\n')[1]).toBe(
        'component:default/orders-api,group:default/payments,0.5,,fail: add `lambda-ops/runbook`,,,pass,',
      );
    });

    it('refuses callers without credentials', async () => {
      const res = await request(await startServer())
        .get('/v1/on-call')
        .set('authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
      expect(fleetViews.getOnCall).not.toHaveBeenCalled();
    });

    it.each([
      [
        '/v1/on-call?owner=payments',
        'Invalid query: owner "payments" is not valid: expected an owner\'s entity reference such as group:default/payments',
      ],
      [
        '/v1/coverage?owner=group:payments',
        'Invalid query: owner "group:payments" is not valid: expected an owner\'s entity reference such as group:default/payments',
      ],
      [
        '/v1/coverage?format=xml',
        'Invalid query: format "xml" is not valid: expected json (the default) or csv',
      ],
    ])(
      'answers 400 for %s, naming the value and the form expected',
      async (path, message) => {
        const res = await request(await startServer()).get(path);
        expect(res.status).toBe(400);
        expect(res.body).toEqual(errorBody('InputError', 400));
        expect(res.body.error.message).toContain(message);
        expect(fleetViews.getOnCall).not.toHaveBeenCalled();
        expect(fleetViews.getCoverage).not.toHaveBeenCalled();
        expect(fleetViews.getCoverageJson).not.toHaveBeenCalled();
      },
    );
  });
});
