import { deployMarker } from '../__testUtils__/deployMarker';
import type { DeployMarker, LambdaFunctionRef } from '../types';
import {
  FunctionFacts,
  incidentStart,
  rollbackCommand,
  rollbackHint,
  SaturationMetrics,
  triageFunction,
} from './triage';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const MINUTE = 60_000;
const FN: LambdaFunctionRef = {
  name: 'orders-api',
  region: 'us-east-1',
  accountId: null,
  qualifier: 'PROD',
};
const FACTS: FunctionFacts = {
  timeoutMs: 10_000,
  memoryMb: 1024,
  reservedConcurrency: 100,
  version: '42',
  previousVersion: '41',
};

function change(overrides: Partial<DeployMarker> = {}): DeployMarker {
  return deployMarker({
    id: 'gh-run-4242-1',
    ts: new Date(NOW - 40 * MINUTE).toISOString(),
    actor: 'alice',
    changeSummary: 'orders-api v42',
    ...overrides,
  });
}

function triage(options: {
  metrics?: SaturationMetrics;
  facts?: FunctionFacts;
  changes?: DeployMarker[];
  deadLetterQueue?: string;
  incidentAt?: number;
}) {
  return triageFunction({
    fn: FN,
    incident: {
      at: options.incidentAt ?? NOW - 20 * MINUTE,
      what: 'the alarm',
    },
    changes: options.changes ?? [],
    facts: options.facts ?? FACTS,
    metrics: options.metrics ?? {},
    deadLetterQueue: options.deadLetterQueue,
    now: NOW,
  });
}

function check(name: string, options: Parameters<typeof triage>[0]) {
  return triage(options).checks.find(c => c.check === name)!;
}

describe('triageFunction', () => {
  describe('the recent-deploy check', () => {
    it.each<[string, DeployMarker[], 'pass' | 'warn', RegExp]>([
      [
        'passes without a change in the hour before the alarm',
        [change({ ts: new Date(NOW - 90 * MINUTE).toISOString() })],
        'pass',
        /no deploy or configuration change in the 60 minutes before the alarm/,
      ],
      [
        'says to roll back from the current version to the previous one after a deploy',
        [change()],
        'warn',
        /deployed 40 min ago, 20 min before the alarm \(orders-api v42 by alice\): roll back PROD from version 42 to 41 first/,
      ],
      [
        'says to revert a configuration change, which a rollback does not undo',
        [change({ changeType: 'configuration', actor: null })],
        'warn',
        /configuration changed 40 min ago, 20 min before the alarm \(orders-api v42\): revert it first/,
      ],
      [
        'ignores a change after the alarm',
        [change({ ts: new Date(NOW - 5 * MINUTE).toISOString() })],
        'pass',
        /no deploy/,
      ],
    ])('%s', (_name, changes, result, message) => {
      const found = check('recent-deploy', { changes });
      expect(found.result).toBe(result);
      expect(found.message).toMatch(message);
      expect(found.message.startsWith('orders-api: ')).toBe(true);
    });

    it('names the CLI command of the rollback as its runbook step', () => {
      expect(check('recent-deploy', { changes: [change()] }).runbookStep).toBe(
        'B.1: aws lambda update-alias --function-name orders-api --name PROD --function-version 41',
      );
    });
  });

  it.each<
    [
      string,
      SaturationMetrics,
      FunctionFacts,
      string,
      'pass' | 'warn' | 'unknown',
    ]
  >([
    [
      'Duration at 80 % of the timeout warns',
      { duration: [1000, 8000] },
      FACTS,
      'duration-near-timeout',
      'warn',
    ],
    [
      'Duration under 80 % of the timeout passes',
      { duration: [7999] },
      FACTS,
      'duration-near-timeout',
      'pass',
    ],
    [
      'Duration without the configuration cannot tell',
      { duration: [9000] },
      { error: 'AccessDeniedException' },
      'duration-near-timeout',
      'unknown',
    ],
    [
      'no Duration data cannot tell',
      {},
      FACTS,
      'duration-near-timeout',
      'unknown',
    ],
    [
      'memory at 90 % of its size warns',
      { memory: [922] },
      FACTS,
      'memory-saturation',
      'warn',
    ],
    [
      'memory under 90 % passes',
      { memory: [921] },
      FACTS,
      'memory-saturation',
      'pass',
    ],
    [
      'memory without Lambda Insights cannot tell',
      {},
      FACTS,
      'memory-saturation',
      'unknown',
    ],
    [
      'any throttle warns',
      { throttles: [0, 1], concurrency: [10] },
      FACTS,
      'throttles',
      'warn',
    ],
    [
      'concurrency at 90 % of the reserved warns',
      { throttles: [0], concurrency: [90] },
      FACTS,
      'throttles',
      'warn',
    ],
    [
      'no throttle far from the limit passes',
      { throttles: [0], concurrency: [89] },
      FACTS,
      'throttles',
      'pass',
    ],
    ['no Throttles data cannot tell', {}, FACTS, 'throttles', 'unknown'],
  ])('%s', (_name, metrics, facts, name, result) => {
    expect(check(name, { metrics, facts }).result).toBe(result);
  });

  it.each<[string, number[] | undefined, 'pass' | 'warn' | 'unknown']>([
    ['messages waiting now warn', [0, 3], 'warn'],
    ['an emptied queue passes', [3, 0], 'pass'],
    ['no data cannot tell', undefined, 'unknown'],
  ])('the DLQ check: %s', (_name, dlq, result) => {
    expect(
      check('dlq-depth', { metrics: { dlq }, deadLetterQueue: 'orders-dlq' })
        .result,
    ).toBe(result);
  });

  it('checks the DLQ only when the entity has one', () => {
    expect(triage({}).checks.map(c => c.check)).toEqual([
      'recent-deploy',
      'duration-near-timeout',
      'memory-saturation',
      'throttles',
    ]);
  });

  it('gives a rollback hint only for a burn, not for an alarm alone', () => {
    expect(triage({ changes: [change()] }).rollback).toBeNull();
  });
});

describe('incidentStart', () => {
  const firing = (minutesAgo: number) => ({
    state: 'ALARM' as const,
    stateSince: new Date(NOW - minutesAgo * MINUTE).toISOString(),
  });
  const burning = (minutesAgo: number) => ({
    burningSince: new Date(NOW - minutesAgo * MINUTE).toISOString(),
  });

  it.each([
    ['nothing fires and nothing burns', [], [], undefined],
    [
      'the alarm came first',
      [firing(30)],
      [burning(10)],
      {
        at: NOW - 30 * MINUTE,
        what: 'the alarm',
        burnStart: NOW - 10 * MINUTE,
      },
    ],
    [
      'the burn came first',
      [firing(5)],
      [burning(10)],
      {
        at: NOW - 10 * MINUTE,
        what: 'the burn started',
        burnStart: NOW - 10 * MINUTE,
      },
    ],
    [
      'an alarm without a time counts from now',
      [{ state: 'ALARM' as const, stateSince: null }],
      [],
      { at: NOW, what: 'the alarm', burnStart: undefined },
    ],
  ])('%s', (_name, alarms, slos, expected) => {
    expect(incidentStart(alarms, slos, NOW)).toEqual(expected);
  });

  it('leaves alarms that do not fire out', () => {
    expect(
      incidentStart([{ state: 'OK', stateSince: null }], [], NOW),
    ).toBeUndefined();
  });
});

describe('rollbackHint', () => {
  const burnStart = NOW - 10 * MINUTE;

  it('names the alias, both versions and the command after a deploy before the burn', () => {
    expect(rollbackHint(FN, [change()], burnStart, FACTS)).toEqual({
      message:
        'orders-api: deployed 30 min before the burn started — roll back PROD to version 41 first',
      functionName: 'orders-api',
      deployMarkerId: 'gh-run-4242-1',
      alias: 'PROD',
      fromVersion: '42',
      toVersion: '41',
      command:
        'aws lambda update-alias --function-name orders-api --name PROD --function-version 41',
    });
  });

  it.each([
    [
      'no deploy in the hour before',
      [change({ ts: new Date(burnStart - 61 * MINUTE).toISOString() })],
    ],
    ['only a configuration change', [change({ changeType: 'configuration' })]],
  ])('gives none with %s', (_name, changes) => {
    expect(rollbackHint(FN, changes, burnStart, FACTS)).toBeNull();
  });

  it('gives no command without a version to go back to', () => {
    const hint = rollbackHint(FN, [change()], burnStart, {});
    expect(hint).toMatchObject({
      message:
        'orders-api: deployed 30 min before the burn started — roll back to the previous version first',
      command: null,
    });
  });
});

describe('rollbackCommand', () => {
  const hint = { functionName: 'orders-api', alias: 'PROD', toVersion: '41' };

  it.each([
    ['no alias', { alias: null }],
    ['no version to go back to', { toVersion: null }],
  ])('gives no command with %s', (_name, overrides) => {
    expect(rollbackCommand({ ...hint, ...overrides })).toBeNull();
  });

  it('quotes a value the shell would otherwise interpret', () => {
    expect(rollbackCommand({ ...hint, functionName: "x; rm -rf ~ 'y'" })).toBe(
      `aws lambda update-alias --function-name 'x; rm -rf ~ '\\''y'\\''' --name PROD --function-version 41`,
    );
  });
});
