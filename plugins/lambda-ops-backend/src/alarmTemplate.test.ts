import {
  CloudWatchClient,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockCredentials } from '@backstage/backend-test-utils';
import { RunningAwsEmulator, startAwsEmulator } from '@lambda-ops/aws-emulator';
import {
  Alarm,
  AlarmTemplateResponse,
  toPutAlarmInputs,
} from '@lambda-ops/backstage-plugin-common';
import { requestCheckedByContract } from './__testUtils__/contract';
import {
  PINNED_NOW,
  REAL_TIMERS,
  startLambdaOpsBackend,
} from './__testUtils__/testBackend';
import { component, testEntities } from './__fixtures__/entities';

/**
 * Alarms as code served by the backend: the template is generated with the portal's own
 * `lambdaOps.defaults` and `lambdaOps.severity.tagKey`, so alarms deployed from it come back
 * classified on the Operations tab, not `unclassified`.
 */

const RUNBOOK = 'https://runbooks.example.com/billing-events.md';
/** A portal that routes on its own tag and whose functions are async unless they say so. */
const PORTAL_CONFIG = {
  severity: { tagKey: 'oncall-severity' },
  defaults: { pattern: 'async', eventAge: '2m@99.5' },
};
/** billing-events of the emulator, with no pattern of its own: the portal's default holds. */
const worker = component('billing-worker', {
  'aws.com/lambda-function-name': 'billing-events',
  'aws.com/lambda-region': 'us-east-1',
  'lambda-ops/runbook': RUNBOOK,
});

const path = (name: string, what: string) =>
  `/api/lambda-ops/v1/entities/default/component/${name}/${what}`;

describe('GET …/alarm-template', () => {
  let emulator: RunningAwsEmulator;

  beforeAll(async () => {
    emulator = await startAwsEmulator({ port: 0, now: PINNED_NOW });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    jest.useFakeTimers({ now: PINNED_NOW, doNotFake: [...REAL_TIMERS] });
    emulator.reset();
    emulator.setNow(PINNED_NOW);
  });
  afterEach(() => jest.useRealTimers());

  async function get(name: string, what: string, lambdaOps = PORTAL_CONFIG) {
    const server = await startLambdaOpsBackend({
      emulator,
      entities: [...testEntities, worker],
      lambdaOps,
    });
    return requestCheckedByContract(server)
      .get(path(name, what))
      .set('authorization', mockCredentials.user.header());
  }

  it("generates the template with the portal's configured defaults and tag key", async () => {
    const res = await get('billing-worker', 'alarm-template');

    expect(res.status).toBe(200);
    const template: AlarmTemplateResponse = res.body;
    expect(template).toMatchObject({
      entityRef: 'component:default/billing-worker',
      fileName: 'billing-worker-alarms.yaml',
      severityTagKey: 'oncall-severity',
    });
    // The async pattern of the portal's defaults, with its event-age objective.
    expect(template.alarms.map(alarm => alarm.kind)).toEqual([
      'dead-letter-errors',
      'async-event-age',
      'throttles',
    ]);
    expect(template.yaml).toContain('Key: oncall-severity');
    expect(template.yaml).not.toMatch(/Key: severity\b/);
    expect(template.yaml).toContain('Event age: < 2m in 99.5 % of periods');
    expect(
      template.alarms.every(
        alarm => alarm.runbookUrl === `${RUNBOOK}#a-triage-in-3-minutes`,
      ),
    ).toBe(true);
  });

  it('gives alarms that, once deployed, the Operations tab shows classified and linked', async () => {
    const template: AlarmTemplateResponse = (
      await get('billing-worker', 'alarm-template')
    ).body;
    const cloudWatch = new CloudWatchClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const { metricAlarms, compositeAlarms } = toPutAlarmInputs(template.yaml);
    for (const input of metricAlarms) {
      await cloudWatch.send(new PutMetricAlarmCommand(input));
    }
    for (const input of compositeAlarms) {
      await cloudWatch.send(new PutCompositeAlarmCommand(input));
    }
    cloudWatch.destroy();

    const operations = await get('billing-worker', 'operations');

    expect(operations.status).toBe(200);
    const shown = new Map<string, Alarm>(
      operations.body.alarms.map((alarm: Alarm) => [alarm.name, alarm]),
    );
    for (const generated of template.alarms) {
      expect(shown.get(generated.name)).toMatchObject({
        severity: generated.severity,
        severitySource: 'tag',
        runbookUrl: generated.runbookUrl,
      });
      expect(shown.get(generated.name)!.defects).not.toContain('unclassified');
    }
  });

  it('answers 404 for an entity the caller may not read', async () => {
    const res = await get('no-such-service', 'alarm-template');
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
  });
});
