import { RunningAwsEmulator, startAwsEmulator } from '@lambda-ops/aws-emulator';
import { lambdaInUsEast1 } from '../__fixtures__/functions';
import {
  applicationSignalsClientsAt,
  ACCESS_DENIED_ANSWER,
  startFixedAnswerServer,
} from '../__testUtils__/applicationSignalsEndpoints';
import { ChangeEventService } from './ChangeEventService';

// The emulator's clock is pinned, so its change events are at known times.
const NOW = new Date('2026-11-29T12:00:00Z');
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

function serviceAt(endpoint: string): ChangeEventService {
  return new ChangeEventService({
    clients: applicationSignalsClientsAt(endpoint),
  });
}

describe('ChangeEventService', () => {
  let emulator: RunningAwsEmulator;
  let service: ChangeEventService;

  beforeAll(async () => {
    emulator = await startAwsEmulator({ port: 0, now: NOW });
    service = serviceAt(emulator.url);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  it('lists the deployments and configuration changes of a function, newest first', async () => {
    const markers = await service.listChangeEvents(
      { ...lambdaInUsEast1('checkout-api'), qualifier: 'PROD' },
      { start: new Date(NOW.getTime() - 7 * DAY_MS), end: NOW },
    );
    expect(markers).toEqual([
      {
        id: 'checkout-api-deploy-v42',
        ts: new Date(NOW.getTime() - 40 * MINUTE_MS).toISOString(),
        env: 'PROD',
        source: 'application-signals',
        changeType: 'deployment',
        actor: 'ci-deployer',
        gitSha: null,
        changeSummary: 'Deploy v42 (git abc1234)',
        artifact: null,
        ref: null,
        reason: null,
        risk: null,
        rollback: null,
        links: [],
      },
      expect.objectContaining({
        id: 'checkout-api-config-memory',
        ts: new Date(NOW.getTime() - 3 * DAY_MS).toISOString(),
        changeType: 'configuration',
        actor: 'alice',
      }),
    ]);
  });

  it('keeps to the span it is asked for', async () => {
    const markers = await service.listChangeEvents(
      lambdaInUsEast1('checkout-api'),
      { start: new Date(NOW.getTime() - 60 * MINUTE_MS), end: NOW },
    );
    expect(markers.map(m => m.id)).toEqual(['checkout-api-deploy-v42']);
  });

  it('has none where Application Signals is not enabled', async () => {
    const absent = await startFixedAnswerServer({
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    try {
      const markers = await serviceAt(absent.url).listChangeEvents(
        lambdaInUsEast1('checkout-api'),
        { start: new Date(NOW.getTime() - DAY_MS), end: NOW },
      );
      expect(markers).toEqual([]);
    } finally {
      await absent.close();
    }
  });

  it('fails as access-denied, naming the permission, where the role may not list them', async () => {
    const denying = await startFixedAnswerServer(ACCESS_DENIED_ANSWER);
    try {
      await expect(
        serviceAt(denying.url).listChangeEvents(
          lambdaInUsEast1('checkout-api'),
          { start: new Date(NOW.getTime() - DAY_MS), end: NOW },
        ),
      ).rejects.toMatchObject({
        message:
          "The backend's role may not read Application Signals in us-east-1: grant application-signals:ListEntityEvents (see docs/iam-policy.json)",
        awsFailure: { cause: 'access-denied' },
      });
    } finally {
      await denying.close();
    }
  });
});
