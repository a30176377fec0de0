/**
 * What the fleet scenario costs the emulator: memory (RSS of the emulator process) and the
 * time its answers take, for fleets of 1,000 and 10,000 functions. The emulator runs as the
 * demo runs it, in its own process (the CLI with --fleet); no latency is added, so times are
 * the emulator's own work plus the AWS SDK's in this process. Prints figures; asserts nothing.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createFleet } from '../src/fleet/fleet';

const NOW = new Date('2026-11-29T12:00:00Z');
const BIN = join(__dirname, '../bin/lambda-ops-aws-emulator');
const DEFAULT_SIZES = [1_000, 10_000];
const RUNS = 5;

const count = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed<T>(work: () => Promise<T>) {
  const start = performance.now();
  const result = await work();
  return { result, millis: performance.now() - start };
}

/** Resident and peak resident memory of a process, in MB, from /proc (Linux). */
async function memoryOf(pid: number) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const field = (name: string) => {
    const kb = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
    return kb === undefined ? 'n/a' : `${Math.round(Number(kb) / 1024)} MB`;
  };
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

async function startEmulator(size?: number) {
  const started = performance.now();
  const fleet = size === undefined ? [] : ['--fleet', String(size)];
  const child = spawn(process.execPath, [BIN, '--port', '0', ...fleet], {
    env: { ...process.env, LAMBDA_OPS_EMULATOR_NOW: NOW.toISOString() },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8');
  while (!output.includes('\n')) {
    const [chunk] = await once(child.stdout!, 'data');
    output += chunk;
  }
  const url = /listening on (\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`The emulator said: ${output}`);
  return { child, url, startMillis: performance.now() - started };
}

async function stopEmulator(child: ChildProcess) {
  child.kill('SIGTERM');
  await once(child, 'exit');
}

function cloudWatchOf(url: string, accountId: string, region: string) {
  return new CloudWatchClient({
    endpoint: url,
    region,
    credentials: { accessKeyId: accountId, secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
}

/** Lists every alarm of the client's account, 100 a page: how long each page took. */
async function timeListing(cloudWatch: CloudWatchClient): Promise<number[]> {
  const millis: number[] = [];
  let nextToken: string | undefined;
  do {
    const started = performance.now();
    const page = await cloudWatch.send(
      new DescribeAlarmsCommand({
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
        NextToken: nextToken,
      }),
    );
    millis.push(performance.now() - started);
    nextToken = page.NextToken;
  } while (nextToken);
  return millis;
}

async function benchFleet(size: number) {
  const fleet = createFleet({ size });
  const manifest = fleet.manifest();
  const { child, url, startMillis } = await startEmulator(size);
  try {
    const idle = await memoryOf(child.pid!);
    console.log(
      `\nfleet of ${count(size)} functions: ${count(
        manifest.alarms.total,
      )} alarms in ${manifest.accounts.reduce(
        (n, a) => n + a.regions.length,
        0,
      )} account-regions; emulator up in ${ms(startMillis)}, RSS ${idle.rss}`,
    );

    // Every alarm of every account and region, 100 a page, pages one after another.
    const pageMillis: number[] = [];
    const listing = await timed(async () => {
      for (const account of manifest.accounts) {
        for (const { region } of account.regions) {
          const cloudWatch = cloudWatchOf(url, account.accountId, region);
          pageMillis.push(...(await timeListing(cloudWatch)));
          cloudWatch.destroy();
        }
      }
    });
    console.log(
      `  DescribeAlarms, full listing: ${count(
        pageMillis.length,
      )} pages (floor ${count(
        manifest.accounts
          .flatMap(a => a.regions)
          .reduce(
            (n, r) => n + Math.ceil((r.metricAlarms + r.compositeAlarms) / 100),
            0,
          ),
      )}) in ${ms(listing.millis)}; a page ${ms(
        median(pageMillis),
      )} median, ${ms(Math.max(...pageMillis))} max`,
    );

    // 500 queries: 4 metrics of 125 api functions of the busiest account-region.
    const [busiest] = manifest.accounts
      .flatMap(a => a.regions.map(r => ({ accountId: a.accountId, ...r })))
      .sort((a, b) => b.functions - a.functions);
    const apis = [...fleet.functions()]
      .filter(
        fn =>
          fn.accountId === busiest.accountId &&
          fn.region === busiest.region &&
          fn.pattern === 'api' &&
          fn.invocationsPerMinute > 0,
      )
      .slice(0, 125);
    const queries = apis.flatMap((fn, i) =>
      (['Invocations', 'Errors', 'Throttles', 'Duration'] as const).map(
        (metric, m) => ({
          Id: `q${i}_${m}`,
          MetricStat: {
            Metric: {
              Namespace: 'AWS/Lambda',
              MetricName: metric,
              Dimensions: [{ Name: 'FunctionName', Value: fn.name }],
            },
            Period: 0,
            Stat: metric === 'Duration' ? 'p95' : 'Sum',
          },
        }),
      ),
    );
    const cloudWatch = cloudWatchOf(url, busiest.accountId, busiest.region);
    for (const { label, minutes, period } of [
      { label: 'the last hour at 1 minute', minutes: 60, period: 60 },
      { label: '30 days at 5 minutes', minutes: 30 * 24 * 60, period: 300 },
    ]) {
      const samples: number[] = [];
      let datapoints = 0;
      let more = false;
      for (let run = 0; run < RUNS; run++) {
        const call = await timed(() =>
          cloudWatch.send(
            new GetMetricDataCommand({
              MetricDataQueries: queries.map(q => ({
                ...q,
                MetricStat: { ...q.MetricStat, Period: period },
              })),
              StartTime: new Date(NOW.getTime() - minutes * 60_000),
              EndTime: NOW,
            }),
          ),
        );
        samples.push(call.millis);
        datapoints = (call.result.MetricDataResults ?? []).reduce(
          (n, r) => n + (r.Values?.length ?? 0),
          0,
        );
        more = call.result.NextToken !== undefined;
      }
      console.log(
        `  GetMetricData, ${queries.length} queries over ${label}: ${count(
          datapoints,
        )} datapoints${
          more ? ' (first page; NextToken for the rest)' : ''
        }, ${ms(median(samples))} median over ${RUNS} calls`,
      );
    }
    cloudWatch.destroy();

    const catalog = await timed(async () =>
      (await fetch(`${url}/fleet/catalog-info.yaml`)).text(),
    );
    console.log(
      `  /fleet/catalog-info.yaml: ${count(
        Math.round(catalog.result.length / 1024),
      )} KiB, ${count(manifest.entities.components)} Components, in ${ms(
        catalog.millis,
      )}`,
    );
    const after = await memoryOf(child.pid!);
    console.log(
      `  emulator memory: RSS ${after.rss} now, ${after.peak} at peak`,
    );
  } finally {
    await stopEmulator(child);
  }
}

export async function main(argv: string[]): Promise<void> {
  const sizes = argv.length > 0 ? argv.map(Number) : DEFAULT_SIZES;
  const bare = await startEmulator();
  console.log(
    `emulator without a fleet (demo scenarios only): up in ${ms(
      bare.startMillis,
    )}, RSS ${(await memoryOf(bare.child.pid!)).rss}`,
  );
  await stopEmulator(bare.child);
  for (const size of sizes) {
    await benchFleet(size);
  }
}
