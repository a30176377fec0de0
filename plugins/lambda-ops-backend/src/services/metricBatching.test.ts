import {
  RunningAwsEmulator,
  SCENARIO_FUNCTION_NAMES,
  startAwsEmulator,
} from '@lambda-ops/aws-emulator';
import { LambdaFunctionRef } from '@lambda-ops/backstage-plugin-common';
import { lambdaInUsEast1, ordersApiSettings } from '../__fixtures__/functions';
import { emulatorClients } from '../__testUtils__/emulatorClients';
import { DefaultAwsClientFactory } from './AwsClientFactory';
import {
  fetchBatched,
  fetchBatchedEach,
  KeyedMetricQueries,
  MAX_CONCURRENT_CALLS,
  packMetricQueries,
} from './metricBatching';
import { MetricQuery, MetricsService } from './MetricsService';
import { sloQueries } from './slo/sloQueries';

const CLOUDWATCH_ID = /^[a-z][a-zA-Z0-9_]*$/;

function queriesOf(key: string, count: number): KeyedMetricQueries {
  const queries: MetricQuery[] = Array.from({ length: count }, (_, i) => ({
    id: `m${i}`,
    namespace: 'AWS/Lambda',
    metricName: 'Invocations',
    dimensions: { FunctionName: key },
    stat: 'Sum',
    periodSeconds: 300,
  }));
  return { key, queries };
}

/** The keys whose queries each call carries. */
function keysPerCall(calls: ReturnType<typeof packMetricQueries>): string[][] {
  return calls.map(call => [
    ...new Set([...call.origins.values()].map(origin => origin.key)),
  ]);
}

describe('packMetricQueries', () => {
  it('packs 1,000 functions of 4 queries into ceil(4,000 / 500) = 8 full calls', () => {
    const requests = Array.from({ length: 1_000 }, (_, i) =>
      queriesOf(`fn-${i}`, 4),
    );

    const calls = packMetricQueries(requests);

    expect(calls.map(call => call.queries.length)).toEqual(Array(8).fill(500));
    const ids = calls.flatMap(call => call.queries.map(query => query.id));
    expect(ids.every(id => CLOUDWATCH_ID.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(4_000);
    expect(calls[0].queries[0].id).toBe('q0_m0');
    expect(calls[0].origins.get('q0_m0')).toEqual({ key: 'fn-0', id: 'm0' });
    // Every query maps back to the key and id it was asked under, and keeps its metric.
    for (const call of calls) {
      for (const query of call.queries) {
        const origin = call.origins.get(query.id)!;
        expect(query.dimensions.FunctionName).toBe(origin.key);
        expect(query.id).toMatch(new RegExp(`_${origin.id}$`));
      }
    }
  });

  it('never splits a function’s queries, filling earlier calls first', () => {
    const calls = packMetricQueries([
      queriesOf('a', 300),
      queriesOf('b', 300),
      queriesOf('c', 200),
    ]);

    expect(keysPerCall(calls)).toEqual([['a', 'c'], ['b']]);
  });

  it('cuts only a function with more queries than one call takes', () => {
    const calls = packMetricQueries([
      queriesOf('huge', 1_200),
      queriesOf('small', 100),
    ]);

    expect(calls.map(call => call.queries.length)).toEqual([500, 500, 300]);
    expect(keysPerCall(calls)).toEqual([['huge'], ['huge'], ['huge', 'small']]);
  });

  it('makes no call for functions without queries', () => {
    expect(packMetricQueries([queriesOf('idle', 0)])).toEqual([]);
  });
});

describe('fetchBatched', () => {
  const NOW = new Date('2026-11-29T12:00:00Z');
  const span = {
    start: new Date(NOW.getTime() - 30 * 24 * 3_600_000),
    end: NOW,
  };
  let emulator: RunningAwsEmulator;
  let clients: DefaultAwsClientFactory;

  beforeAll(async () => {
    emulator = await startAwsEmulator({ port: 0, now: NOW });
    clients = emulatorClients(emulator.url);
  });
  afterAll(() => emulator.stop());

  /** What an `api` pattern entity page asks for, in 5-minute periods. */
  const apiQueries = (fn: LambdaFunctionRef) =>
    sloQueries(fn, ordersApiSettings, 300);

  it('gives every function the numbers a fetch of that function alone gives', async () => {
    // The scenario functions among 125 without data: 520 queries, so two calls. Their
    // 5-minute buckets over 30 days are 16 × 8,640 = 138,240 datapoints, more than the
    // 100,800 one page holds, so NextToken pages are followed too.
    const functions = [
      ...SCENARIO_FUNCTION_NAMES,
      ...Array.from({ length: 125 }, (_, i) => `fleet-fn-${i}`),
    ].map(lambdaInUsEast1);
    const requests = functions.map(fn => ({
      key: fn.name,
      queries: apiQueries(fn),
    }));
    const client = await clients.cloudWatch(functions[0]);

    emulator.resetStats();
    const batched = await fetchBatched(client, requests, span);
    const batchedCalls = emulator.stats().calls.GetMetricData;

    const metrics = new MetricsService({ clients });
    for (const fn of functions.slice(0, SCENARIO_FUNCTION_NAMES.length)) {
      const alone = await metrics.fetch(fn, apiQueries(fn), span);
      expect(batched.get(fn.name)).toEqual(alone);
    }
    const invocations = batched.get('orders-api')!.get('invocations')!;
    expect(invocations.values).toHaveLength(8_640);
    expect(invocations.values.reduce((a, b) => a + b, 0)).toBe(4_320_000);
    expect(batched.get('fleet-fn-0')!.get('latency')).toEqual({
      timestamps: [],
      values: [],
    });
    expect(batchedCalls).toBe(3); // two calls, the first in two pages
  }, 30_000);

  it('hands over each call’s series as soon as that call is answered', async () => {
    // 40 functions of 4 queries, 4 queries a call (a month of 5-minute periods each):
    // 40 calls, more than are made at once.
    const requests = Array.from({ length: 40 }, (_, i) => ({
      key: `fleet-fn-${i}`,
      queries: apiQueries(lambdaInUsEast1(`fleet-fn-${i}`)),
    }));
    const client = await clients.cloudWatch(lambdaInUsEast1('fleet-fn-0'));
    const callsMadeAtAnswer: number[] = [];
    const answered = new Set<string>();

    emulator.resetStats();
    await fetchBatchedEach(client, requests, span, 4, (origin, series) => {
      callsMadeAtAnswer.push(emulator.stats().calls.GetMetricData ?? 0);
      answered.add(`${origin.key}/${origin.id}`);
      expect(series.values).toHaveLength(series.timestamps.length);
    });

    expect(emulator.stats().calls.GetMetricData).toBe(40);
    expect(answered.size).toBe(160);
    // The first answers come while most calls are still to be made: a caller holds at
    // most the calls in flight, not the whole read.
    expect(callsMadeAtAnswer[0]).toBeLessThanOrEqual(MAX_CONCURRENT_CALLS);
  }, 30_000);
});
