/**
 * What one Operations tab asks of AWS, counted by the emulator that received the calls: a
 * cold page (the tab's own cache expired) while the alarm listing and the alarms' tags are
 * cached, then a warm page, for a healthy api function and for one that pages. Runs the
 * whole backend plugin, so every part of the tab is counted. Prints figures; it asserts
 * nothing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { startAwsEmulator } from '@lambda-ops/aws-emulator';
import { startLambdaOpsBackend } from '../src/__testUtils__/testBackend';

/** How long the tab's own answer is cached here: short, so that the next page is cold. */
const TAB_TTL_MS = 3_000;
/** Targets: AWS calls of a cold page in all, and its GetMetricData calls. */
const TARGET_CALLS = 3;
const TARGET_GET_METRIC_DATA = 1;

/** The calls for the tab's alarms and SLOs; the rest are Application Signals and the triage's. */
const CLOUDWATCH_OPERATIONS = [
  'GetMetricData',
  'DescribeAlarms',
  'DescribeAlarmsForMetric',
  'ListTagsForResource',
];

const ENTITIES = [
  { name: 'orders-api', what: 'healthy api function' },
  { name: 'checkout-api', what: 'api function paging, with its triage' },
];

export async function main(): Promise<void> {
  // The emulator keeps the real clock, as the backend does.
  const emulator = await startAwsEmulator({ port: 0 });
  try {
    const server = await startLambdaOpsBackend({
      emulator,
      lambdaOps: {
        cache: { ttl: { milliseconds: TAB_TTL_MS } },
        alarms: { listingTtl: { minutes: 30 } },
      },
    });
    const page = async (name: string) => {
      const res = await request(server)
        .get(`/api/lambda-ops/v1/entities/default/component/${name}/operations`)
        .set('authorization', mockCredentials.user.header());
      if (res.status !== 200) {
        throw new Error(`${name}: HTTP ${res.status} ${res.text}`);
      }
      const stats = emulator.stats();
      emulator.resetStats();
      return stats;
    };
    for (const { name } of ENTITIES) {
      await page(name); // lists the alarms and reads their tags
    }
    await sleep(TAB_TTL_MS + 100);
    console.log('Operations tab, AWS calls (alarm listing and tags cached):');
    for (const { name, what } of ENTITIES) {
      const cold = await page(name);
      const warm = await page(name);
      const getMetricData = cold.calls.GetMetricData ?? 0;
      const cloudWatch = CLOUDWATCH_OPERATIONS.reduce(
        (sum, operation) => sum + (cold.calls[operation] ?? 0),
        0,
      );
      console.log(
        `  cold page, ${name} (${what}): ${
          cold.totalCalls
        } AWS calls (target ≤ ${TARGET_CALLS}), ${cloudWatch} of them CloudWatch for its alarms and SLOs, ${getMetricData} GetMetricData (target ${TARGET_GET_METRIC_DATA}; the triage's metrics in it) — ${JSON.stringify(
          cold.calls,
        )}`,
      );
      console.log(
        `  warm page, ${name}: ${warm.totalCalls} AWS calls (target 0)`,
      );
    }
  } finally {
    await emulator.stop();
  }
}
