import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricDataCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import {
  clientsOf,
  lambdaQuery,
  listAllAlarms,
  minutesBefore,
  NOW,
  useEmulator,
} from '../__testUtils__/emulator';
import { compareNames } from '../cloudwatch/alarmStore';
import { createFleet } from './fleet';

const FLEET = { size: 10_000 };

describe('a fleet of 10,000 functions', () => {
  const aws = useEmulator({}, { fleet: FLEET });
  const fleet = createFleet(FLEET);
  const manifest = fleet.manifest();
  const functions = [...fleet.functions()];
  const locations = manifest.accounts.flatMap(account =>
    account.regions.map(counts => ({
      accountId: account.accountId,
      ...counts,
    })),
  );

  it('lists every alarm once, in name order, 100 a page, as many pages as the alarms need', async () => {
    const listedNames = new Set<string>();
    let pagesInAll = 0;
    for (const location of locations) {
      const { cloudWatch } = clientsOf(
        aws.emulator,
        location.accountId,
        location.region,
      );
      const { alarms: listed, pageSizes } = await listAllAlarms(cloudWatch);
      cloudWatch.destroy();
      const names = listed.map(alarm => alarm.AlarmName!).sort(compareNames);
      const composites = listed.filter(a => a.type === 'composite').length;
      const pages = pageSizes.length;
      expect(pageSizes.slice(0, -1).every(size => size === 100)).toBe(true);

      const alarms = location.metricAlarms + location.compositeAlarms;
      expect(names).toHaveLength(alarms);
      expect(composites).toBe(location.compositeAlarms);
      expect(pages).toBe(Math.ceil(alarms / 100));
      expect(names.every((name, i) => i === 0 || names[i - 1] < name)).toBe(
        true,
      );
      names.forEach(name => listedNames.add(name));
      pagesInAll += pages;
    }
    const expected = functions.flatMap(fn => fn.alarms.map(a => a.name));
    expect(listedNames.size).toBe(manifest.alarms.total);
    expect(expected.filter(name => !listedNames.has(name))).toEqual([]);
    expect(manifest.alarms.total).toBeGreaterThan(25_000);
    expect(pagesInAll).toBeGreaterThan(250);
  }, 120_000);

  it('pages 50 at a time by default, and filters by prefix and state', async () => {
    const busiest = [...locations].sort(
      (a, b) => b.metricAlarms - a.metricAlarms,
    )[0];
    const { cloudWatch } = clientsOf(
      aws.emulator,
      busiest.accountId,
      busiest.region,
    );
    const first = await cloudWatch.send(new DescribeAlarmsCommand({}));
    expect(first.MetricAlarms).toHaveLength(50);
    expect(first.CompositeAlarms).toEqual([]);
    expect(first.NextToken).toBeDefined();

    const fn = functions.find(
      f =>
        f.accountId === busiest.accountId &&
        f.region === busiest.region &&
        f.alarms.some(a => a.type === 'composite'),
    )!;
    const ofFunction = await cloudWatch.send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: `${fn.name}-`,
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
      }),
    );
    expect(
      [
        ...(ofFunction.MetricAlarms ?? []),
        ...(ofFunction.CompositeAlarms ?? []),
      ]
        .map(a => a.AlarmName)
        .sort(),
    ).toEqual(fn.alarms.map(a => a.name).sort());

    const firing = await cloudWatch.send(
      new DescribeAlarmsCommand({
        StateValue: 'ALARM',
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
      }),
    );
    const expectedFiring = functions
      .filter(
        f => f.accountId === busiest.accountId && f.region === busiest.region,
      )
      .flatMap(f => f.alarms.filter(a => a.state === 'ALARM'));
    expect(expectedFiring.length).toBeGreaterThan(0);
    expect(expectedFiring.length).toBeLessThan(100);
    expect(
      (firing.MetricAlarms?.length ?? 0) +
        (firing.CompositeAlarms?.length ?? 0),
    ).toBe(expectedFiring.length);

    await expect(
      cloudWatch.send(new DescribeAlarmsCommand({ MaxRecords: 101 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    cloudWatch.destroy();
  });

  describe('GetMetricData', () => {
    const location = locations[0];
    const busy = functions.filter(
      fn =>
        fn.accountId === location.accountId &&
        fn.region === location.region &&
        fn.pattern === 'api' &&
        fn.invocationsPerMinute > 0,
    );
    const queries = (count: number) =>
      Array.from({ length: count }, (_, i) =>
        lambdaQuery(
          `q${i}`,
          busy[i % busy.length].name,
          ['Invocations', 'Errors', 'Throttles', 'Duration'][i % 4],
          i % 4 === 3 ? 'p95' : 'Sum',
          300,
        ),
      );

    it('takes 500 queries and refuses 501', async () => {
      const { cloudWatch } = clientsOf(
        aws.emulator,
        location.accountId,
        location.region,
      );
      const output = await cloudWatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries(500),
          StartTime: minutesBefore(60),
          EndTime: NOW,
        }),
      );
      expect(output.MetricDataResults).toHaveLength(500);
      expect(
        output.MetricDataResults?.every(r => r.Values?.length === 12),
      ).toBe(true);
      await expect(
        cloudWatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries(501),
            StartTime: minutesBefore(60),
            EndTime: NOW,
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
      cloudWatch.destroy();
    });

    it('answers at most 100,800 datapoints a call and pages on with NextToken', async () => {
      const { cloudWatch } = clientsOf(
        aws.emulator,
        location.accountId,
        location.region,
      );
      aws.emulator.resetStats();
      // 500 queries of 23 hours in 5-minute periods: 276 each, 138,000 in all.
      const pages: GetMetricDataCommandOutput[] = [];
      let nextToken: string | undefined;
      do {
        const page = await cloudWatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries(500),
            StartTime: minutesBefore(23 * 60),
            EndTime: NOW,
            NextToken: nextToken,
          }),
        );
        pages.push(page);
        nextToken = page.NextToken;
      } while (nextToken);
      const datapoints = pages.map(page =>
        (page.MetricDataResults ?? []).reduce(
          (n, r) => n + (r.Values?.length ?? 0),
          0,
        ),
      );
      expect(datapoints).toEqual([100_800, 37_200]);
      // 365 queries fill 100,740 datapoints; the 366th is cut after 60 of its 276.
      const cut = (page: GetMetricDataCommandOutput) =>
        page.MetricDataResults?.find(r => r.Id === 'q365');
      expect(cut(pages[0])).toMatchObject({ StatusCode: 'PartialData' });
      expect(cut(pages[0])?.Values).toHaveLength(60);
      expect(cut(pages[1])).toMatchObject({ StatusCode: 'Complete' });
      expect(cut(pages[1])?.Values).toHaveLength(216);
      const stats = aws.emulator.stats();
      expect(stats.getMetricDataDatapoints).toBe(138_000);
      expect(
        stats.byAccount[location.accountId][location.region],
      ).toMatchObject({
        calls: { GetMetricData: 2 },
        getMetricDataQueries: 1000,
        getMetricDataDatapoints: 138_000,
      });
      cloudWatch.destroy();
    });
  });
});
