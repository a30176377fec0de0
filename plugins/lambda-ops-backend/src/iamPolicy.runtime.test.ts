import { mockCredentials } from '@backstage/backend-test-utils';
import { startAwsEmulator, RunningAwsEmulator } from '@lambda-ops/aws-emulator';
import { metrics } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import request from 'supertest';
import { testEntities } from './__fixtures__/entities';
import { actionsInPolicy, iamActionOf } from './__testUtils__/iamPolicy';
import { InMemoryReader } from './__testUtils__/inMemoryMetrics';
import {
  fleetRefreshOnDemand,
  startLambdaOpsBackend,
} from './__testUtils__/testBackend';

/*
 * docs/iam-policy.json against what the backend sends at run time: every AWS call of the
 * backend passes the AwsClientFactory's middleware, which counts it in the plugin's
 * telemetry by service and operation. Read from a meter provider of the test's, those
 * counts are the operations sent while the backend serves a representative day against the
 * emulator: the Operations tab of every SLO pattern (Application Signals SLOs included),
 * the runbook, deploy markers, the deploy gate and the alarm template, a fleet refresh
 * and both fleet views.
 */

jest.setTimeout(120_000);

/** The IAM actions of the AWS calls the plugin counted. */
async function actionsSent(reader: InMemoryReader): Promise<string[]> {
  const calls = (await reader.points())['lambda_ops.aws.calls'] ?? {};
  const actions = Object.keys(calls).map(attributes => {
    const { service, operation } = JSON.parse(attributes);
    return iamActionOf(service, operation);
  });
  return [...new Set(actions)].sort();
}

describe('docs/iam-policy.json at run time', () => {
  let emulator: RunningAwsEmulator;
  const reader = new InMemoryReader();

  beforeAll(async () => {
    // The plugin records through the global meter, as in a backend with an exporter.
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    emulator = await startAwsEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator.stop();
    metrics.disable();
  });

  it('names exactly the AWS actions the backend sends', async () => {
    const fleet = fleetRefreshOnDemand();
    const server = await startLambdaOpsBackend({
      emulator,
      features: [fleet.feature],
    });
    const get = (path: string) =>
      request(server)
        .get(`/api/lambda-ops${path}`)
        .set('authorization', mockCredentials.user.header());

    const answers: string[] = [];
    for (const entity of testEntities) {
      const base = `/v1/entities/default/component/${entity.metadata.name}`;
      for (const route of [
        'operations',
        'runbook',
        'deploy-markers',
        'deploy-gate?env=PROD&version=43',
        'alarm-template',
      ]) {
        answers.push(
          `${base}/${route} ${(await get(`${base}/${route}`)).status}`,
        );
      }
    }
    // A route that failed would have sent less than it does for its users.
    expect(answers.filter(answer => / 5\d\d$/.test(answer))).toEqual([]);
    await fleet.refresh();
    expect((await get('/v1/on-call')).status).toBe(200);
    expect((await get('/v1/coverage')).status).toBe(200);

    const sent = await actionsSent(reader);
    const granted = actionsInPolicy();
    expect({
      missingFromPolicy: sent.filter(a => !granted.includes(a)),
      neverSent: granted.filter(a => !sent.includes(a)),
    }).toEqual({ missingFromPolicy: [], neverSent: [] });
  });
});
