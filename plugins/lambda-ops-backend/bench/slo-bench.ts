/**
 * How many GetMetricData calls an entity page and a fleet refresh cost, against the AWS
 * emulator on localhost (no added latency, so times are this process's and the
 * emulator's own work). Prints figures; it asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_MIN_EVENTS,
  DEFAULT_PUBLISHING_LAG_MS,
} from '@lambda-ops/backstage-plugin-common';
import { RunningAwsEmulator, startAwsEmulator } from '@lambda-ops/aws-emulator';
import {
  lambdaInUsEast1,
  ordersApiSettings,
} from '../src/__fixtures__/functions';
import { emulatorClients } from '../src/__testUtils__/emulatorClients';
import {
  fetchBatched,
  MAX_QUERIES_PER_GET_METRIC_DATA,
} from '../src/services/metricBatching';
import { MetricsService } from '../src/services/MetricsService';
import { sloQueries } from '../src/services/slo/sloQueries';
import { SloService } from '../src/services/SloService';

const NOW = new Date('2026-11-29T12:00:00Z');
const DAY_MS = 86_400_000;
/** The periods an entity page reads a 30-day window in. */
const PERIOD_SECONDS = 300;
const ENTITY_PAGE_RUNS = 50;
const FLEET_SIZE = 1_000;
const FLEET_RUNS = 5;

const count = (n: number) => n.toLocaleString('en-US');

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs `work` `runs` times: the GetMetricData calls and queries of one run, the median time. */
async function measure(
  emulator: RunningAwsEmulator,
  runs: number,
  work: () => Promise<unknown>,
) {
  const millis: number[] = [];
  let calls = 0;
  let queries = 0;
  for (let run = 0; run < runs; run++) {
    emulator.resetStats();
    const start = performance.now();
    await work();
    millis.push(performance.now() - start);
    const stats = emulator.stats();
    calls = stats.calls.GetMetricData ?? 0;
    queries = stats.getMetricDataQueries;
  }
  return { calls, queries, medianMs: median(millis) };
}

export async function main(): Promise<void> {
  const emulator = await startAwsEmulator({ port: 0, now: NOW });
  try {
    const clients = emulatorClients(emulator.url);

    // (a) The SLOs of one entity page, through the service the page uses.
    const metrics = new MetricsService({ clients });
    const slos = new SloService({
      metrics,
      publishingLagMs: DEFAULT_PUBLISHING_LAG_MS,
      minEvents: DEFAULT_MIN_EVENTS,
    });
    const [ordersApi] = ordersApiSettings.functions;
    let datapoints = 0;
    const countingFetch = metrics.fetch.bind(metrics);
    metrics.fetch = async (...args) => {
      const series = await countingFetch(...args);
      series.forEach(s => (datapoints += s.values.length));
      return series;
    };
    const page = await measure(emulator, ENTITY_PAGE_RUNS, () => {
      datapoints = 0;
      return slos.computeSlos(ordersApi, ordersApiSettings, NOW);
    });
    console.log(
      `entity page (orders-api, api pattern): ${
        page.calls
      } GetMetricData requests, ${page.queries} queries, ${count(
        datapoints,
      )} datapoints, ${page.medianMs.toFixed(
        1,
      )} ms median over ${ENTITY_PAGE_RUNS} runs (target 2 requests: CloudWatch keeps no 1-minute data for a 30-day StartTime)`,
    );

    // (b) A fleet of api-pattern functions the emulator does not know: it answers them
    // with no data, which is enough to count calls.
    const fleet = Array.from({ length: FLEET_SIZE }, (_, i) => {
      const fn = lambdaInUsEast1(`fleet-fn-${i}`);
      return {
        key: fn.name,
        queries: sloQueries(fn, ordersApiSettings, PERIOD_SECONDS),
      };
    });
    const queries = fleet.reduce((sum, { queries: q }) => sum + q.length, 0);
    const floor = Math.ceil(queries / MAX_QUERIES_PER_GET_METRIC_DATA);
    const span = { start: new Date(NOW.getTime() - 30 * DAY_MS), end: NOW };
    const client = await clients.cloudWatch(ordersApi);
    const refresh = await measure(emulator, FLEET_RUNS, () =>
      fetchBatched(client, fleet, span),
    );
    console.log(
      `fleet of ${count(FLEET_SIZE)} functions: ${count(
        refresh.calls,
      )} GetMetricData calls for ${count(
        queries,
      )} queries (floor ceil(${queries}/${MAX_QUERIES_PER_GET_METRIC_DATA}) = ${floor}), ${count(
        Math.round(refresh.medianMs),
      )} ms median over ${FLEET_RUNS} runs`,
    );
  } finally {
    await emulator.stop();
  }
}
