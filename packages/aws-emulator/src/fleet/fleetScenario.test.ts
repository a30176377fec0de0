import {
  GetMetricDataCommand,
  ListTagsForResourceCommand,
  MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import {
  classifyAlarmSeverity,
  extractRunbookUrl,
  runbookHeadings,
} from '@lambda-ops/backstage-plugin-common';
import {
  clientsOf,
  lambdaQuery,
  listAllAlarms,
  ListedAlarm,
  minutesBefore,
  NOW,
  useEmulator,
} from '../__testUtils__/emulator';
import { DEFAULT_RUNBOOK_BASE_URL } from '../scenarios/account';
import { startAwsEmulator } from '../server';
import { createFleet } from './fleet';
import { FleetHealth } from './layout';
import { FleetFunction, FleetManifest } from './manifest';

const FLEET = { size: 300, seed: 7 };

function locationsOf(manifest: FleetManifest) {
  return manifest.accounts.flatMap(account =>
    account.regions.map(counts => ({
      accountId: account.accountId,
      ...counts,
    })),
  );
}

/**
 * A function's health as its raw metrics tell it, with the burn-rate rules of Lambda Ops
 * (99.9 % availability, page above 14.4× over an hour, ticket above 1× over 6 hours; event
 * age under 5 minutes), from hourly sums of the last 24 hours.
 */
function healthFromMetrics(
  fn: FleetFunction,
  results: Map<string, MetricDataResult>,
): FleetHealth {
  const values = (id: string) => results.get(`${id}_${fn.index}`)?.Values ?? [];
  const invocations = values('inv');
  if (invocations.length === 0) return 'no-traffic';
  if (fn.pattern === 'async') {
    return Math.max(...values('age')) >= 300_000 ? 'page' : 'healthy';
  }
  const errors = values('err');
  const burn = (hours: number) =>
    errors.slice(0, hours).reduce((a, b) => a + b, 0) /
    invocations.slice(0, hours).reduce((a, b) => a + b, 0) /
    0.001;
  if (burn(1) > 14.4) return 'page';
  if (burn(6) > 1) return 'ticket';
  return 'healthy';
}

describe('the fleet scenario', () => {
  const aws = useEmulator({}, { fleet: FLEET });
  const fleet = createFleet(FLEET);
  const manifest = fleet.manifest();
  const functions = [...fleet.functions()];

  it('has the mix its manifest counts: patterns, burns, quiet functions', () => {
    expect(aws.emulator.fleet()).toEqual(manifest);
    expect(manifest.functions.byPattern).toEqual({
      api: 210,
      async: 60,
      batch: 30,
    });
    expect(manifest.functions.byHealth).toEqual({
      healthy: 282,
      page: 3,
      ticket: 6,
      'no-traffic': 9,
    });
    const count = (test: (fn: FleetFunction) => boolean) =>
      functions.filter(test).length;
    expect(count(fn => fn.health === 'page')).toBe(3);
    expect(count(fn => fn.health === 'ticket' && fn.pattern !== 'api')).toBe(0);
    expect(count(fn => fn.health === 'page' && fn.pattern === 'batch')).toBe(0);
    expect(manifest.accounts).toHaveLength(3);
    expect(new Set(functions.map(fn => fn.region)).size).toBe(3);
    expect(manifest.teams.filter(team => !team.hasRunbook)).toHaveLength(2);
  });

  it("shows each function's health in its metrics, as the manifest says", async () => {
    const seen = new Map<FleetHealth, number>();
    for (const location of locationsOf(manifest)) {
      const { cloudWatch } = clientsOf(
        aws.emulator,
        location.accountId,
        location.region,
      );
      const here = functions.filter(
        fn =>
          fn.accountId === location.accountId && fn.region === location.region,
      );
      for (let i = 0; i < here.length; i += 150) {
        const batch = here.slice(i, i + 150);
        const output = await cloudWatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: batch.flatMap(fn => [
              lambdaQuery(`inv_${fn.index}`, fn.name, 'Invocations', 'Sum'),
              lambdaQuery(`err_${fn.index}`, fn.name, 'Errors', 'Sum'),
              lambdaQuery(
                `age_${fn.index}`,
                fn.name,
                'AsyncEventAge',
                'Maximum',
              ),
            ]),
            StartTime: minutesBefore(24 * 60),
            EndTime: NOW,
          }),
        );
        expect(output.NextToken).toBeUndefined();
        const results = new Map(
          (output.MetricDataResults ?? []).map(r => [r.Id!, r]),
        );
        for (const fn of batch) {
          const health = healthFromMetrics(fn, results);
          expect({ name: fn.name, health }).toEqual({
            name: fn.name,
            health: fn.health,
          });
          seen.set(health, (seen.get(health) ?? 0) + 1);
        }
      }
      cloudWatch.destroy();
    }
    expect(Object.fromEntries(seen)).toEqual(manifest.functions.byHealth);
  });

  it('lists alarms whose runbooks, severities and states add up to the manifest', async () => {
    const counts = {
      metric: 0,
      composite: 0,
      withoutRunbook: 0,
      withUnavailableRunbook: 0,
      unclassified: 0,
      firing: { page: 0, ticket: 0, unclassified: 0 },
    };
    const runbookStatus = new Map<string, number>();
    const statusOf = async (url: string) => {
      // The links name the default docs host; this emulator listens elsewhere.
      const page = url
        .split('#')[0]
        .replace(DEFAULT_RUNBOOK_BASE_URL, `${aws.emulator.url}/runbooks/`);
      if (!runbookStatus.has(page)) {
        runbookStatus.set(page, (await fetch(page)).status);
      }
      return runbookStatus.get(page)!;
    };
    for (const location of locationsOf(manifest)) {
      const { cloudWatch } = clientsOf(
        aws.emulator,
        location.accountId,
        location.region,
      );
      const { alarms } = await listAllAlarms(cloudWatch);
      expect({
        metric: alarms.filter(a => a.type === 'metric').length,
        composite: alarms.filter(a => a.type === 'composite').length,
      }).toEqual({
        metric: location.metricAlarms,
        composite: location.compositeAlarms,
      });
      const tagsOf = async (alarm: ListedAlarm) => {
        const { Tags = [] } = await cloudWatch.send(
          new ListTagsForResourceCommand({ ResourceARN: alarm.AlarmArn }),
        );
        return Tags.map(t => ({ key: t.Key!, value: t.Value! }));
      };
      for (let i = 0; i < alarms.length; i += 20) {
        const batch = alarms.slice(i, i + 20);
        const tagsOfBatch = await Promise.all(batch.map(tagsOf));
        for (const [k, alarm] of batch.entries()) {
          const tags = tagsOfBatch[k];
          const { severity } = classifyAlarmSeverity({
            name: alarm.AlarmName!,
            tags,
          });
          const runbook = extractRunbookUrl({
            description: alarm.AlarmDescription,
            tags,
          });
          counts[alarm.type]++;
          if (runbook === null) counts.withoutRunbook++;
          else if ((await statusOf(runbook)) === 404)
            counts.withUnavailableRunbook++;
          if (severity === 'unclassified') counts.unclassified++;
          if (alarm.StateValue === 'ALARM') counts.firing[severity]++;
        }
      }
      cloudWatch.destroy();
    }
    const { total, ...expected } = manifest.alarms;
    expect(counts).toEqual(expected);
    expect(counts.metric + counts.composite).toBe(total);
    expect(expected.withoutRunbook).toBeGreaterThan(0);
    expect(expected.withUnavailableRunbook).toBeGreaterThan(0);
    expect(expected.unclassified).toBeGreaterThan(0);
    expect(expected.firing.page).toBeGreaterThan(0);
    expect(expected.firing.ticket).toBeGreaterThan(0);
  }, 60_000);

  it('serves a runbook for most teams, with a section for every link to it', async () => {
    for (const team of manifest.teams) {
      const response = await fetch(
        `${aws.emulator.url}/runbooks/fleet/${team.name}.md`,
      );
      expect({ team: team.name, status: response.status }).toEqual({
        team: team.name,
        status: team.hasRunbook ? 200 : 404,
      });
      if (!team.hasRunbook) continue;
      const anchors = new Set(
        runbookHeadings(await response.text()).map(h => h.id),
      );
      const linked = functions
        .filter(fn => fn.team === team.name)
        .flatMap(fn => fn.alarms)
        .flatMap(alarm => (alarm.runbookUrl ? [alarm.runbookUrl] : []))
        .map(url => new URL(url).hash.slice(1));
      expect(linked.length).toBeGreaterThan(0);
      expect(linked.filter(anchor => !anchors.has(anchor))).toEqual([]);
    }
  });

  it("publishes a fleet function's minutes late and keeps CloudWatch's retention, as for the demo functions", async () => {
    const burning = functions.find(
      fn => fn.health === 'page' && fn.pattern === 'api',
    )!;
    const { cloudWatch } = clientsOf(
      aws.emulator,
      burning.accountId,
      burning.region,
    );
    const errors = (id: string, period: number, start: Date) =>
      cloudWatch
        .send(
          new GetMetricDataCommand({
            MetricDataQueries: [
              lambdaQuery(id, burning.name, 'Errors', 'Sum', period),
            ],
            StartTime: start,
            EndTime: NOW,
          }),
        )
        .then(output => output.MetricDataResults![0]);
    try {
      const atOnce = await errors('atOnce', 60, minutesBefore(10));
      expect(atOnce.Timestamps?.[0]).toEqual(minutesBefore(1));

      aws.emulator.setKnobs({ publishingLagSeconds: 120 });
      // At 12:00 the newest published minute is 11:57–11:58, as CloudWatch would have it.
      const late = await errors('late', 60, minutesBefore(10));
      expect(late.Timestamps).toEqual(
        Array.from({ length: 8 }, (_, i) => minutesBefore(i + 3)),
      );
      expect(late.Values).toEqual(atOnce.Values?.slice(2));

      // 1-minute datapoints are kept 15 days: none for a StartTime 30 days back.
      const thirtyDays = minutesBefore(30 * 24 * 60);
      expect((await errors('fine', 60, thirtyDays)).Values).toEqual([]);
      expect(
        (await errors('coarse', 300, thirtyDays)).Values?.length,
      ).toBeGreaterThan(0);
    } finally {
      cloudWatch.destroy();
    }
  });

  it('answers the same for the same seed and differently for another seed', async () => {
    const twin = await startAwsEmulator({ now: NOW, fleet: FLEET });
    const other = await startAwsEmulator({
      now: NOW,
      fleet: { ...FLEET, seed: FLEET.seed + 1 },
    });
    try {
      const answers = async (url: string) => {
        const emulator = { url } as typeof aws.emulator;
        const { cloudWatch } = clientsOf(emulator, '111111111111', 'us-east-1');
        const { alarms } = await listAllAlarms(cloudWatch);
        const metrics = await cloudWatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: alarms
              .slice(0, 100)
              .flatMap((alarm, i) =>
                'Dimensions' in alarm && alarm.Dimensions
                  ? [
                      lambdaQuery(
                        `q${i}`,
                        alarm.Dimensions[0].Value!,
                        'Errors',
                        'Sum',
                        300,
                      ),
                    ]
                  : [],
              ),
            StartTime: minutesBefore(180),
            EndTime: NOW,
          }),
        );
        cloudWatch.destroy();
        const catalog = await (
          await fetch(`${url}/fleet/catalog-info.yaml`)
        ).text();
        return JSON.stringify({
          alarms,
          metrics: metrics.MetricDataResults,
          catalog,
        });
      };
      const first = await answers(aws.emulator.url);
      expect(await answers(twin.url)).toBe(first);
      expect(await answers(other.url)).not.toBe(first);
      expect(twin.fleet()).toEqual(aws.emulator.fleet());
      expect(other.fleet()?.accounts).not.toEqual(
        aws.emulator.fleet()?.accounts,
      );
    } finally {
      await twin.stop();
      await other.stop();
    }
  });
});
