/* eslint-disable jest/no-standalone-expect -- each row's check runs inside the it.each below */
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  KnobSettings,
  MetricDataStatus,
  RunningAwsEmulator,
  startAwsEmulator,
} from '@lambda-ops/aws-emulator';
import type {
  AwsFailureCause,
  OperationsResponse,
  Slo,
  UnavailablePart,
} from '@lambda-ops/backstage-plugin-common';
import request, { Response } from 'supertest';
import { parseAllDocuments } from 'yaml';
import { component, testEntities } from './__fixtures__/entities';
import {
  PINNED_NOW,
  pinClockTicking,
  startLambdaOpsBackend,
} from './__testUtils__/testBackend';

/*
 * How the Operations tab fares when AWS misbehaves, one row per fault, each with the
 * outcome a user depends on: a fresh page when the SDK's retries get through, the failed
 * part alone marked with its cause when one service, operation or account fails, the last
 * good answer marked stale with its age and cause when AWS fails whole, and a 503 that
 * says why when there is none. No reply may hang past the page deadline or be a 500.
 */

const MINUTE = 60_000;
const DEMO_ACCOUNT = '123456789012';
/** A fleet account whose functions work while the demo account is denied. */
const FLEET_ACCOUNT = '111111111111';
/** checkout-api with its Application Signals SLO named in the annotation. */
const NAMED_SLOS_ENTITY = 'checkout-api-named-slos';

const operationsOf = (name: string) =>
  `/api/lambda-ops/v1/entities/default/component/${name}/operations`;

type Server = Parameters<typeof request>[0];

interface Look {
  /** Asks for an entity's tab, `minutesLater` after the pinned clock. */
  (name?: string, minutesLater?: number): Promise<Response>;
}

interface FaultRow {
  fault: string;
  knobs: KnobSettings;
  /** lambdaOps config of the row's backend, beside the emulator's endpoints. */
  config?: { aws?: object; pageDeadline?: string };
  /** The tab was read once, fault-free, 12 minutes before. */
  cached?: boolean;
  /** The reply is a 503 by design (no answer to fall back on). */
  expectsUnavailable?: boolean;
  check(res: Response, context: RowContext): Promise<void> | void;
}

/** GetMetricData calls of the fault-free tab, pages unlimited. */
let baselineMetricDataCalls: number;

interface RowContext {
  look: Look;
  emulator: RunningAwsEmulator;
  /** The tab of checkout-api without any fault. */
  baseline: OperationsResponse;
  /** Milliseconds the faulted look took. */
  tookMs: number;
}

const partsOf = (body: OperationsResponse) =>
  (body.unavailable ?? []).map(({ part, cause }) => ({ part, cause }));
const sourcesOf = (slos: Slo[]) => [...new Set(slos.map(slo => slo.source))];
const checkOf = (body: OperationsResponse, check: string) =>
  body.triage.find(row => row.check === check);

function freshWithout(
  parts: Pick<UnavailablePart, 'part' | 'cause'>[],
): (res: Response) => OperationsResponse {
  return res => {
    expect(res.status).toBe(200);
    expect(res.body.stale).toBe(false);
    expect(res.body.staleCause).toBeNull();
    expect(partsOf(res.body)).toEqual(parts);
    return res.body;
  };
}

function staleBecause(cause: string, note: RegExp) {
  return (res: Response) => {
    expect(res.status).toBe(200);
    expect(res.body.stale).toBe(true);
    expect(res.body.staleCause).toEqual({
      minutesOld: 12,
      cause,
      message: expect.stringMatching(note),
    });
    expect(res.body.problems).toContainEqual({
      code: 'stale-data',
      message: res.body.staleCause.message,
    });
    // The answer of 12 minutes before, figures and all.
    expect(res.body.slos.length).toBeGreaterThan(0);
  };
}

function unavailableWith(message: RegExp) {
  return (res: Response) => {
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /^AWS could not be read for component:default\/checkout-api and there is no earlier answer to show: /,
    );
    expect(res.body.error.message).toMatch(message);
  };
}

function incompleteMetricData(
  status: MetricDataStatus,
  cause: AwsFailureCause,
): FaultRow {
  return {
    fault: `GetMetricData answers ${status}`,
    knobs: { metricDataStatus: status },
    check: (res, { baseline }) => {
      const body = freshWithout([{ part: 'slos', cause }])(res);
      // No CloudWatch SLO computed from part of its data; the others stay.
      expect(sourcesOf(body.slos)).toEqual(['application-signals']);
      expect(body.alarms).toEqual(baseline.alarms);
      expect(body.unavailable![0].message).toMatch(
        new RegExp(
          `^CloudWatch answered GetMetricData only in part: AWS/Lambda \\w+ ${status} \\(.*\\)`,
        ),
      );
    },
  };
}

const rows: FaultRow[] = [
  {
    fault: 'none',
    knobs: {},
    check: (res, { baseline }) => {
      freshWithout([])(res);
      expect(res.body.slos).toEqual(baseline.slos);
    },
  },
  {
    fault: 'half the calls throttled, within the default page deadline',
    knobs: { throttle: { rate: 0.5 } },
    // With every other call throttled, a call's attempts may all land on throttled turns.
    // The retry mode is the default, adaptive; so is the page deadline.
    config: { aws: { maxAttempts: 5 }, pageDeadline: 'PT10S' },
    check: (res, { baseline, emulator, tookMs }) => {
      // The SDK's adaptive retries, backing off with jitter, get the reads through; one
      // still backing off at the deadline is marked timed out, and the page answers.
      expect(res.status).toBe(200);
      expect(res.body.stale).toBe(false);
      expect(
        partsOf(res.body).filter(({ cause }) => cause !== 'timed-out'),
      ).toEqual([]);
      expect(res.body.slos.length).toBeGreaterThan(0);
      expect(res.body.slos.map((slo: Slo) => slo.attainment)).toEqual(
        baseline.slos
          .filter(slo => res.body.slos.some((s: Slo) => s.id === slo.id))
          .map(slo => slo.attainment),
      );
      expect(tookMs).toBeLessThan(10_000 + 2_000);
      expect(emulator.stats().throttledCalls).toBeGreaterThan(5);
    },
  },
  {
    fault: 'every call 503, nothing cached',
    knobs: { outage: 'unavailable' },
    expectsUnavailable: true,
    check: unavailableWith(
      /CloudWatch in us-east-1 is unavailable \(ServiceUnavailableException\)/,
    ),
  },
  {
    fault: 'every connection dropped, nothing cached',
    knobs: { outage: 'drop' },
    expectsUnavailable: true,
    check: unavailableWith(
      /CloudWatch in us-east-1 could not be reached \(socket hang up\); check the network or lambdaOps.aws.endpoints/,
    ),
  },
  {
    fault: 'every call 503, answer cached',
    knobs: { outage: 'unavailable' },
    cached: true,
    check: staleBecause(
      'unavailable',
      /^data from 12 min ago — CloudWatch unavailable, Application Signals unavailable$/,
    ),
  },
  {
    fault: 'every call throttled, answer cached',
    knobs: { throttle: { rate: 1 } },
    cached: true,
    check: staleBecause(
      'throttled',
      /^data from 12 min ago — CloudWatch throttled, Application Signals throttled$/,
    ),
  },
  {
    fault: 'answers slower than the page deadline, nothing cached',
    knobs: { latencyMs: 4_000 },
    config: { pageDeadline: 'PT1S' },
    expectsUnavailable: true,
    check: (res, context) => {
      unavailableWith(
        /CloudWatch did not answer within the page deadline of 1 s \(lambdaOps.pageDeadline\)/,
      )(res);
      // At the deadline, not after the 4 s answers.
      expect(context.tookMs).toBeLessThan(3_000);
    },
  },
  {
    fault:
      'answers slower than the page deadline: the calls in flight are cancelled',
    knobs: { latencyMs: 2_000 },
    config: { pageDeadline: 'PT0.5S' },
    expectsUnavailable: true,
    check: async (res, { emulator }) => {
      expect(res.status).toBe(503);
      const atAnswer = emulator.stats();
      // Past the slow answers: nothing more reaches AWS for the page, no retry, no next page.
      await new Promise(resolve => setTimeout(resolve, 2_500));
      const later = emulator.stats();
      expect(later.totalCalls).toBe(atAnswer.totalCalls);
      // Every call the page sent was cancelled on the wire, except the alarm listing that
      // other pages may be waiting for too.
      expect(later.cancelledCalls).toBe(
        later.totalCalls - later.calls.DescribeAlarms,
      );
      expect(later.cancelledCalls).toBeGreaterThan(0);
    },
  },
  {
    fault: 'answers slower than the call timeout, nothing cached',
    knobs: { latencyMs: 1_500 },
    config: { aws: { callTimeout: 'PT0.5S', maxAttempts: 2 } },
    expectsUnavailable: true,
    check: (res, context) => {
      unavailableWith(
        /CloudWatch in us-east-1 did not answer in time \(ETIMEDOUT\); lambdaOps.aws.callTimeout bounds each attempt/,
      )(res);
      // Two attempts of half a second each, then the page answers: before one slow answer.
      expect(context.tookMs).toBeLessThan(1_500 * 2);
    },
  },
  incompleteMetricData('Forbidden', 'access-denied'),
  incompleteMetricData('InternalError', 'incomplete-data'),
  incompleteMetricData('PartialData', 'incomplete-data'),
  {
    fault:
      'GetMetricData pages of 1,000 datapoints (PartialData with NextToken)',
    knobs: { metricDataPageSize: 1_000 },
    check: (res, { baseline, emulator }) => {
      // Every NextToken followed: the figures of the unpaged answer.
      freshWithout([])(res);
      expect(res.body.slos).toEqual(baseline.slos);
      expect(emulator.stats().calls.GetMetricData).toBeGreaterThan(
        baselineMetricDataCalls,
      );
    },
  },
  {
    fault: 'GetMetricData throttled after retries, answer cached',
    knobs: {
      serviceFaults: [
        { service: 'cloudwatch', operation: 'GetMetricData', kind: 'throttle' },
      ],
    },
    cached: true,
    check: (res, { baseline }) => {
      // A partial page, not the stale one: the alarms and the imported SLOs are fresh.
      const body = freshWithout([{ part: 'slos', cause: 'throttled' }])(res);
      expect(body.alarms).toEqual(baseline.alarms);
      expect(sourcesOf(body.slos)).toEqual(['application-signals']);
      expect(body.unavailable![0].message).toBe(
        'CloudWatch in us-east-1 throttled the request even after retries; it will be asked again on the next refresh',
      );
    },
  },
  {
    fault: 'the Lambda API denied',
    knobs: { serviceFaults: [{ service: 'lambda', kind: 'denied' }] },
    check: (res, { baseline }) => {
      const body = freshWithout([])(res);
      expect(body.slos).toEqual(baseline.slos);
      expect(checkOf(body, 'duration-near-timeout')).toMatchObject({
        result: 'unknown',
        message: expect.stringMatching(
          /could not be read \(Lambda in us-east-1 refused the credentials \(AccessDeniedException\); check the aws: configuration/,
        ),
      });
    },
  },
  {
    fault: 'the Lambda API unreachable',
    knobs: { serviceFaults: [{ service: 'lambda', kind: 'unavailable' }] },
    check: (res, { baseline }) => {
      const body = freshWithout([])(res);
      expect(body.slos).toEqual(baseline.slos);
      expect(checkOf(body, 'duration-near-timeout')).toMatchObject({
        result: 'unknown',
        message: expect.stringMatching(
          /could not be read \(Lambda in us-east-1 is unavailable/,
        ),
      });
    },
  },
  {
    fault: 'Application Signals down alone',
    knobs: {
      serviceFaults: [{ service: 'applicationSignals', kind: 'unavailable' }],
    },
    check: (res, { baseline }) => {
      const body = freshWithout([
        { part: 'application-signals-slos', cause: 'unavailable' },
        // Its change events are read from Application Signals too.
        { part: 'changes', cause: 'unavailable' },
      ])(res);
      // The same figures; only the deploy that the change events showed is unknown now.
      expect(body.slos).toEqual(
        baseline.slos
          .filter(slo => slo.source === 'cloudwatch')
          .map(slo => ({ ...slo, deployBeforeBurn: null })),
      );
      expect(body.alarms).toEqual(baseline.alarms);
    },
  },
  {
    fault: "Application Signals denied to the backend's role",
    knobs: {
      serviceFaults: [{ service: 'applicationSignals', kind: 'denied' }],
    },
    check: (res, { baseline }) => {
      // Not read as "not enabled": the role's owner is told what to grant.
      const body = freshWithout([
        { part: 'application-signals-slos', cause: 'access-denied' },
        { part: 'changes', cause: 'access-denied' },
      ])(res);
      expect(body.unavailable!.map(u => u.message)).toEqual([
        "The backend's role may not read Application Signals in us-east-1: grant application-signals:ListServiceLevelObjectives and application-signals:BatchGetServiceLevelObjectiveBudgetReport (see docs/iam-policy.json)",
        "The backend's role may not read Application Signals in us-east-1: grant application-signals:ListEntityEvents (see docs/iam-policy.json)",
      ]);
      expect(sourcesOf(body.slos)).toEqual(['cloudwatch']);
      expect(body.alarms).toEqual(baseline.alarms);
    },
  },
  {
    fault: 'Application Signals not enabled (404)',
    knobs: {
      serviceFaults: [{ service: 'applicationSignals', kind: 'not-found' }],
    },
    check: async (res, { baseline, look }) => {
      // No failure: the tab shows the CloudWatch SLOs, as for an account without it.
      const body = freshWithout([])(res);
      expect(body.slos).toEqual(
        baseline.slos
          .filter(slo => slo.source === 'cloudwatch')
          .map(slo => ({ ...slo, deployBeforeBurn: null })),
      );
      // Only SLOs named in the annotation are missed out loud.
      const named = await look(NAMED_SLOS_ENTITY);
      expect(freshWithout([])(named).problems).toContainEqual({
        code: 'aws-error',
        message:
          'Application Signals is not enabled in us-east-1 (ResourceNotFoundException), so the SLOs named in lambda-ops/application-signals-slos cannot be shown',
      });
    },
  },
  {
    fault: 'one account denied, another working',
    knobs: { deniedAccount: DEMO_ACCOUNT },
    expectsUnavailable: true,
    check: async (res, { look }) => {
      // Neither CloudWatch nor Application Signals gives the account an SLO, and each
      // says what to fix.
      unavailableWith(
        /CloudWatch in us-east-1 refused the credentials \(AccessDenied\); check the aws: configuration \(the account's role or keys\).*; The backend's role may not read Application Signals in us-east-1: grant application-signals:ListServiceLevelObjectives/,
      )(res);
      const other = await look('fleet-function');
      freshWithout([])(other);
      expect(other.body.slos.length).toBeGreaterThan(0);
    },
  },
];

describe('the Operations tab under AWS faults', () => {
  let emulator: RunningAwsEmulator;
  let baseline: OperationsResponse;
  const entities: Entity[] = [
    ...testEntities,
    component(NAMED_SLOS_ENTITY, {
      'aws.amazon.com/lambda-function-arn':
        'arn:aws:lambda:us-east-1:123456789012:function:checkout-api',
      'lambda-ops/slo-pattern': 'api',
      'lambda-ops/application-signals-slos': 'checkout-api-availability',
    }),
  ];
  const counts = { survived: 0, unexpectedServerErrors: 0 };

  const startBackend = (config: FaultRow['config'] = {}) =>
    startLambdaOpsBackend({
      emulator,
      entities,
      aws: {
        mainAccount: { accessKeyId: 'test', secretAccessKey: 'test' },
        accounts: [
          {
            accountId: DEMO_ACCOUNT,
            accessKeyId: 'test',
            secretAccessKey: 'test',
          },
          {
            accountId: FLEET_ACCOUNT,
            accessKeyId: FLEET_ACCOUNT,
            secretAccessKey: 'emulator',
          },
        ],
      },
      lambdaOps: {
        aws: {
          endpoints: {
            cloudwatch: emulator.url,
            applicationSignals: emulator.url,
            lambda: emulator.url,
          },
          maxAttempts: 3,
          ...config.aws,
        },
        // Far above what a cold page takes on a busy test machine; rows test shorter ones.
        pageDeadline: config.pageDeadline ?? 'PT40S',
        collector: {
          schedule: {
            frequency: { trigger: 'manual' },
            timeout: { minutes: 5 },
          },
        },
      },
    });

  const looker =
    (server: Server): Look =>
    (name = 'checkout-api', minutesLater = 12) => {
      const at = new Date(PINNED_NOW.getTime() + minutesLater * MINUTE);
      jest.setSystemTime(at);
      emulator.setNow(at);
      return request(server)
        .get(operationsOf(name))
        .set('authorization', mockCredentials.user.header());
    };

  beforeAll(async () => {
    emulator = await startAwsEmulator({ port: 0, now: PINNED_NOW });
    emulator.setFleet({ size: 50 });
    const catalog = await fetch(`${emulator.url}/fleet/catalog-info.yaml`);
    const fleetFunction = parseAllDocuments(await catalog.text())
      .map(doc => doc.toJS() as Entity)
      .find(entity =>
        entity.metadata.annotations?.[
          'aws.amazon.com/lambda-function-arn'
        ]?.includes(`:${FLEET_ACCOUNT}:`),
      );
    entities.push(
      component('fleet-function', fleetFunction!.metadata.annotations!),
    );
  });
  beforeEach(() => {
    pinClockTicking();
    emulator.reset();
    emulator.setFleet({ size: 50 });
  });
  afterEach(() => jest.useRealTimers());
  afterAll(async () => {
    await emulator.stop();
    // The suite's figures, for the record of each run.
    // eslint-disable-next-line no-console
    console.log(
      `AWS faults: ${counts.survived}/${rows.length} survived, unexpected 5xx: ${counts.unexpectedServerErrors}`,
    );
  });

  it('reads the fault-free tab to compare with', async () => {
    emulator.resetStats();
    const res = await looker(await startBackend())();
    expect(res.status).toBe(200);
    baseline = res.body;
    baselineMetricDataCalls = emulator.stats().calls.GetMetricData;
    expect(sourcesOf(baseline.slos).sort()).toEqual([
      'application-signals',
      'cloudwatch',
    ]);
    expect(baseline.alarms.length).toBeGreaterThan(0);
    expect(baseline.triage.length).toBeGreaterThan(0);
  }, 60_000);

  it.each(rows.map(row => [row.fault, row] as const))(
    '%s',
    async (_fault, row) => {
      const look = looker(await startBackend(row.config));
      const warmUp = row.cached ? await look('checkout-api', 0) : undefined;
      expect(warmUp?.status ?? 'not asked').toBe(
        row.cached ? 200 : 'not asked',
      );
      emulator.setKnobs(row.knobs);
      emulator.resetStats();
      const started = performance.now();
      const res = await look();
      const tookMs = performance.now() - started;
      const expected = row.expectsUnavailable ? 503 : 200;
      if (res.status >= 500 && res.status !== expected) {
        counts.unexpectedServerErrors += 1;
      }
      await row.check(res, { look, emulator, baseline, tookMs });
      counts.survived += 1;
    },
    60_000,
  );
});
