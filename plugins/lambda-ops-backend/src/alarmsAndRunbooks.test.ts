import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import {
  CloudWatchClient,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockCredentials } from '@backstage/backend-test-utils';
import { startAwsEmulator, RunningAwsEmulator } from '@lambda-ops/aws-emulator';
import {
  Alarm,
  generateAlarmTemplate,
  parseLambdaOpsAnnotations,
  Slo,
  toPutAlarmInputs,
} from '@lambda-ops/backstage-plugin-common';
import { component, testEntities } from './__fixtures__/entities';
import {
  PINNED_NOW,
  REAL_TIMERS,
  startLambdaOpsBackend,
} from './__testUtils__/testBackend';
import { requestCheckedByContract } from './__testUtils__/contract';

const RUNBOOKS_DIR = resolvePath(__dirname, '../../../examples/runbooks');

/** A free port on the loopback, so the alarms' runbook links can name it up front. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise(done => server.close(done));
  return port;
}

describe('alarms, runbooks and triage on the Operations tab', () => {
  let emulator: RunningAwsEmulator;
  let docs: string;

  const entities = () => [
    ...testEntities.map(entity => {
      const runbook = {
        'orders-api': 'orders-api.md',
        'checkout-api': 'timeout.md',
        'billing-events': 'dlq-growth.md',
      }[entity.metadata.name];
      return runbook
        ? component(entity.metadata.name, {
            ...entity.metadata.annotations,
            'lambda-ops/runbook': `${docs}${runbook}`,
          })
        : entity;
    }),
    component('climbing-api', {
      'aws.com/lambda-function-name': 'orders-api',
      'aws.com/lambda-region': 'us-east-1',
      'lambda-ops/runbook': '../../../etc/passwd',
      'backstage.io/source-location':
        'url:https://github.com/acme/orders/tree/main/',
    }),
    component('metadata-api', {
      'aws.com/lambda-function-name': 'orders-api',
      'aws.com/lambda-region': 'us-east-1',
      'lambda-ops/runbook':
        'http://169.254.169.254/latest/meta-data/runbook.md',
    }),
    component('elsewhere-docs-api', {
      'aws.com/lambda-function-name': 'orders-api',
      'aws.com/lambda-region': 'us-east-1',
      'lambda-ops/runbook': 'https://docs.example.com/runbook.md',
    }),
  ];

  const startBackend = () =>
    startLambdaOpsBackend({
      emulator,
      entities: entities(),
      backend: { reading: { allow: [{ host: new URL(docs).host }] } },
    });

  beforeAll(async () => {
    const port = await freePort();
    docs = `http://127.0.0.1:${port}/runbooks/`;
    emulator = await startAwsEmulator({
      port,
      now: PINNED_NOW,
      runbooksDir: RUNBOOKS_DIR,
      runbookBaseUrl: docs,
    });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    jest.useFakeTimers({ now: PINNED_NOW, doNotFake: [...REAL_TIMERS] });
    emulator.reset();
  });
  afterEach(() => jest.useRealTimers());

  const get = async (path: string) =>
    requestCheckedByContract(await startBackend())
      .get(`/api/lambda-ops/v1/entities/default/component/${path}`)
      .set('authorization', mockCredentials.user.header());

  const byName = (alarms: Alarm[]) =>
    Object.fromEntries(alarms.map(alarm => [alarm.name, alarm]));

  it('lists the firing page alarms first, each with its severity and runbook', async () => {
    const res = await get('checkout-api/operations');
    expect(res.status).toBe(200);
    const alarms: Alarm[] = res.body.alarms;
    expect(alarms.slice(0, 2).map(a => [a.name, a.state, a.severity])).toEqual([
      ['checkout-api-errors', 'ALARM', 'page'],
      ['checkout-api-user-impact', 'ALARM', 'page'],
    ]);
    const alarm = byName(alarms);
    expect(alarm['checkout-api-errors']).toMatchObject({
      type: 'metric',
      metric: 'Errors',
      severitySource: 'tag',
      runbookUrl: `${docs}timeout.md#a-triage-in-3-minutes`,
      runbookProblem: null,
      stateSince: new Date(PINNED_NOW.getTime() - 35 * 60_000).toISOString(),
    });
    expect(alarm['checkout-api-user-impact'].type).toBe('composite');
    // Defects the tab flags: a Ticket without runbook, an alarm that is neither.
    expect(alarm['checkout-api-throttles']).toMatchObject({
      severity: 'ticket',
      runbookUrl: null,
    });
    expect(alarm['checkout-api-duration'].severity).toBe('unclassified');
  });

  it('flags an alarm link to a section the entity runbook does not have', async () => {
    const res = await get('orders-api/operations');
    expect(res.status).toBe(200);
    const alarm = byName(res.body.alarms);
    expect(alarm['orders-api-errors'].runbookProblem).toBeNull();
    expect(alarm['orders-api-latency-p95'].runbookProblem).toMatch(
      /#latency, which the runbook orders-api\.md does not have/,
    );
    expect(res.body.runbook).toEqual({
      annotation: `${docs}orders-api.md`,
      url: `${docs}orders-api.md`,
      available: true,
    });
    // Nothing fires, so there is nothing to triage.
    expect(res.body.triage).toEqual([]);
  });

  it('never passes on a javascript: link from an alarm description', async () => {
    const res = await get('nightly-report/operations');
    expect(
      byName(res.body.alarms)['nightly-report-errors'].runbookUrl,
    ).toBeNull();
  });

  it('triages the API that burns since a deploy: roll back first', async () => {
    const res = await get('checkout-api/operations');
    const checks = Object.fromEntries(
      res.body.triage.map((c: { check: string }) => [c.check, c]),
    );
    expect(checks['recent-deploy']).toMatchObject({
      result: 'warn',
      message: expect.stringMatching(
        // The burn began with the deploy, before the first alarm (38 minutes ago).
        /deployed 40 min ago, 0 min before the burn started .*roll back PROD from version 42 to 41 first/,
      ),
      runbookStep: expect.stringContaining(
        'update-alias --function-name checkout-api --name PROD --function-version 41',
      ),
    });
    expect(checks['duration-near-timeout']).toMatchObject({
      result: 'warn',
      message: expect.stringContaining('2.8 s of the 3 s timeout'),
    });
    expect(checks['memory-saturation']).toMatchObject({
      result: 'warn',
      message: expect.stringContaining('476 of 512 MB'),
    });
    expect(checks.throttles).toMatchObject({
      result: 'warn',
      message: expect.stringContaining(
        'concurrency peaked at 100 of 100 reserved',
      ),
    });
    // The burn began with the deploy: its rollback hint names the version to go back to.
    expect(res.body.rollback).toEqual({
      message:
        'checkout-api: deployed 0 min before the burn started — roll back PROD to version 41 first',
      functionName: 'checkout-api',
      deployMarkerId: 'checkout-api-deploy-v42',
      alias: 'PROD',
      fromVersion: '42',
      toVersion: '41',
      command:
        'aws lambda update-alias --function-name checkout-api --name PROD --function-version 41',
    });
    // The SLO that burns names the same deploy as the likely cause of its burn.
    const burning = res.body.slos.filter(
      (slo: Slo) => slo.burningSince !== null,
    );
    expect(burning.length).toBeGreaterThan(0);
    for (const slo of burning) {
      expect(slo.deployBeforeBurn).toEqual({
        deployMarkerId: 'checkout-api-deploy-v42',
        changeSummary: expect.any(String),
        minutes: 0,
      });
    }
    expect(res.body.deployMarkers[0]).toMatchObject({
      id: 'checkout-api-deploy-v42',
      changeType: 'deployment',
      source: 'application-signals',
    });
  });

  it('says when memory cannot be known and checks the dead-letter queue', async () => {
    const res = await get('billing-events/operations');
    const checks = Object.fromEntries(
      res.body.triage.map((c: { check: string }) => [c.check, c]),
    );
    expect(checks['recent-deploy'].result).toBe('pass');
    expect(checks['memory-saturation']).toMatchObject({
      result: 'unknown',
      message: expect.stringContaining('enable Lambda Insights'),
    });
    expect(checks['dlq-depth']).toMatchObject({
      result: 'warn',
      message: expect.stringContaining(
        '10 messages waiting in billing-events-dlq',
      ),
    });
  });

  it('serves the runbook with its heading index', async () => {
    const res = await get('checkout-api/runbook');
    expect(res.status).toBe(200);
    expect(res.body.url).toBe(`${docs}timeout.md`);
    expect(res.body.markdown).toContain('## A. Triage in 3 minutes');
    expect(res.body.headings).toEqual(
      expect.arrayContaining([
        {
          id: 'a-triage-in-3-minutes',
          text: 'A. Triage in 3 minutes',
          level: 2,
        },
        { id: 'c-permanent-fix', text: 'C. Permanent fix', level: 2 },
      ]),
    );
  });

  it.each([
    ['climbing-api', 400, /climbs out/],
    ['metadata-api', 400, /169\.254\.169\.254/],
    ['elsewhere-docs-api', 403, /backend\.reading\.allow/],
    ['legacy-api', 404, /add the annotation lambda-ops\/runbook/],
  ])(
    'refuses the runbook of %s with %i and a clear message',
    async (name, status, message) => {
      const res = await get(`${name}/runbook`);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.stack).toBeUndefined();
    },
  );

  it('keeps the tab working when the runbook cannot be read', async () => {
    const res = await get('climbing-api/operations');
    expect(res.status).toBe(200);
    expect(res.body.runbook).toMatchObject({ available: false, url: null });
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          annotation: 'lambda-ops/runbook',
          message: expect.stringMatching(/climbs out/),
        }),
      ]),
    );
    expect(res.body.slos.length).toBeGreaterThan(0);
  });

  it('discovers, classifies and links every alarm of the generated template', async () => {
    const entity = entities().find(e => e.metadata.name === 'checkout-api')!;
    const settings = parseLambdaOpsAnnotations(entity);
    const template = generateAlarmTemplate({
      functions: settings.functions,
      settings,
      runbookUrl: `${docs}timeout.md`,
      entityName: 'checkout-api',
    });
    const cloudWatch = new CloudWatchClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const inputs = toPutAlarmInputs(template.yaml);
    for (const input of inputs.metricAlarms) {
      await cloudWatch.send(new PutMetricAlarmCommand(input));
    }
    for (const input of inputs.compositeAlarms) {
      await cloudWatch.send(new PutCompositeAlarmCommand(input));
    }

    const res = await get('checkout-api/operations');
    const alarm = byName(res.body.alarms);
    for (const generated of template.alarms) {
      expect(alarm[generated.name]).toMatchObject({
        severity: generated.severity,
        runbookUrl: `${docs}timeout.md#a-triage-in-3-minutes`,
        runbookProblem: null,
      });
    }
  });

  it('shows a deploy recorded by CI at once on the tab of the entity it names', async () => {
    const server = await startBackend();
    const operations = () =>
      requestCheckedByContract(server)
        .get(
          '/api/lambda-ops/v1/entities/default/component/checkout-api/operations',
        )
        .set('authorization', mockCredentials.user.header());
    expect((await operations()).body.deployMarkers).toHaveLength(2);

    const posted = await requestCheckedByContract(server)
      .post('/api/lambda-ops/v1/deploy-markers')
      .set('authorization', mockCredentials.service.header())
      .send({
        ts: new Date(PINNED_NOW.getTime() - 20 * 60_000).toISOString(),
        deploy_id: 'checkout-api-43',
        env: 'prod',
        service: 'component:default/checkout-api',
        artifact: 'lambda:function:checkout-api',
        git_sha: 'fedcba9',
        change_summary: 'Raise the payment client timeout',
        reason: 'Timeouts since v42',
        risk: 'high',
      });
    expect(posted.status).toBe(201);

    const res = await operations();
    expect(res.body.deployMarkers[0]).toMatchObject({
      id: 'checkout-api-43',
      source: 'ci',
      env: 'prod',
      reason: 'Timeouts since v42',
      risk: 'high',
    });
  });
});
