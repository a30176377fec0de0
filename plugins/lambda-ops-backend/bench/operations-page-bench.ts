/**
 * What one Operations tab asks of AWS, counted by the emulator that received the calls: a
 * cold page (the tab's own cache expired) after a fleet refresh, while what changes rarely
 * is cached with the plugin's default TTLs (the alarm listing and tags, the Application
 * Signals SLO listing and exclusion windows, the triage's function configuration), then a
 * warm page, for a healthy api function and for one that pages. Runs the whole backend
 * plugin, so every part of the tab is counted. Prints figures; it asserts nothing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { mockCredentials, TestBackend } from '@backstage/backend-test-utils';
import { startAwsEmulator } from '@lambda-ops/aws-emulator';
import {
  fleetCollectorOfBackend,
  startLambdaOpsTestBackend,
} from '../src/__testUtils__/testBackend';

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
  let backend: TestBackend | undefined;
  try {
    const fleet = fleetCollectorOfBackend();
    // Stopped below: outside Jest nothing else stops it, and its scheduler would keep the
    // benchmark's process from ending.
    backend = await startLambdaOpsTestBackend({
      emulator,
      lambdaOps: { cache: { ttl: { milliseconds: TAB_TTL_MS } } },
      features: [fleet.feature],
    });
    const { server } = backend;
    // The collector's stored periods spare the page its 30-day read.
    await fleet.collector().refresh();
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
      await page(name); // fills the caches of what changes rarely
    }
    await sleep(TAB_TTL_MS + 100);
    console.log(
      'Operations tab, AWS calls (after a fleet refresh; alarms, SLO listing and function configuration cached):',
    );
    for (const { name, what } of ENTITIES) {
      const cold = await page(name);
      const warm = await page(name);
      const getMetricData = cold.calls.GetMetricData ?? 0;
      const cloudWatch = CLOUDWATCH_OPERATIONS.reduce(
        (sum, operation) => sum + (cold.calls[operation] ?? 0),
        0,
      );
      console.log(
        `  cold page, ${name} (${what}): ${getMetricData} GetMetricData, ${
          cold.totalCalls
        } AWS calls, target ${TARGET_GET_METRIC_DATA} / ≤${TARGET_CALLS} (${
          getMetricData <= TARGET_GET_METRIC_DATA &&
          cold.totalCalls <= TARGET_CALLS
            ? 'met'
            : 'MISSED'
        }); ${cloudWatch} CloudWatch — ${JSON.stringify(cold.calls)}`,
      );
      console.log(
        `  warm page, ${name}: ${warm.totalCalls} AWS calls (target 0)`,
      );
    }
  } finally {
    await backend?.stop();
    await emulator.stop();
  }
}
