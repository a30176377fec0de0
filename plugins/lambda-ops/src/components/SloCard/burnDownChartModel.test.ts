import {
  burnDownFixture,
  changeEventFixture,
  deployMarkerFixture,
} from '../../__fixtures__/operations';
import { burnDownChartData, describeBurnDown } from './burnDownChartModel';

describe('describeBurnDown', () => {
  it.each([
    [
      'a month of burn',
      [1, 0.8, 0.6, 0.399],
      'Error budget remaining over 30 days: from 100% to 39.9%',
    ],
    [
      'an overspent budget',
      [1, 0.2, -0.25],
      'Error budget remaining over 30 days: from 100% to -25%',
    ],
    [
      'days without traffic at both ends, by the first and last known values',
      [null, 0.9, 0.5, null],
      'Error budget remaining over 30 days: from 90% to 50%',
    ],
    ['a single point', [0.95], 'Error budget remaining over 30 days: 95%'],
    [
      'no traffic yet',
      [null, null],
      'Error budget remaining over 30 days: no data yet',
    ],
    ['no points', [], 'Error budget remaining over 30 days: no data yet'],
  ])('words %s', (_name, values, expected) => {
    expect(describeBurnDown(burnDownFixture(values), '30d')).toBe(expected);
  });
});

describe('burnDownChartData', () => {
  const values = (data: ReturnType<typeof burnDownChartData>) =>
    data.rows.map(row => [row.aboveZero, row.belowZero]);

  it('scales from 0% to 100% while budget is left, with both labelled', () => {
    const data = burnDownChartData(burnDownFixture([1, 0.5]));

    expect(data.yDomain).toEqual([0, 1]);
    expect(data.percentTicks).toEqual([
      { value: 1, label: '100%' },
      { value: 0, label: '0%' },
    ]);
    expect(values(data)).toEqual([
      [1, null],
      [0.5, null],
    ]);
  });

  it('extends the scale below zero for an overspent budget and labels the lowest value', () => {
    const data = burnDownChartData(burnDownFixture([1, 0, -1]));

    expect(data.yDomain).toEqual([-1, 1]);
    expect(data.percentTicks.map(tick => tick.label)).toEqual([
      '100%',
      '0%',
      '-100%',
    ]);
    // Zero belongs to both series, so each line reaches the zero line.
    expect(values(data)).toEqual([
      [1, null],
      [0, 0],
      [null, -1],
    ]);
  });

  it('leaves out the lowest label when it would crowd the zero line', () => {
    const data = burnDownChartData(burnDownFixture([1, -0.01]));

    expect(data.yDomain).toEqual([-0.01, 1]);
    expect(data.percentTicks.map(tick => tick.label)).toEqual(['100%', '0%']);
  });

  it('splits the line where it crosses zero, so the overspent part takes its own colour', () => {
    const points = burnDownFixture([1, 0.2, -0.2, -0.25]);
    const data = burnDownChartData(points);
    const [, second, third] = points.map(point => Date.parse(point.ts));

    expect(values(data)).toEqual([
      [1, null],
      [0.2, null],
      [0, 0],
      [null, -0.2],
      [null, -0.25],
    ]);
    // Halfway between 20% and -20%.
    expect(data.rows[2].x).toBeCloseTo((second + third) / 2);
  });

  it('breaks the line where there was no traffic, and marks a value alone between gaps', () => {
    const data = burnDownChartData(burnDownFixture([1, null, 0.8, 0.7]));

    expect(values(data)).toEqual([
      [1, null],
      [null, null],
      [0.8, null],
      [0.7, null],
    ]);
    expect(data.rows.map(row => row.lone)).toEqual([true, false, false, false]);
  });

  it('places points by time, so "now" sits closer to the last day than a day', () => {
    // Two daily points, then "now" half a day after the second.
    const points = burnDownFixture([1, 0.9, 0.85]);
    const data = burnDownChartData(points);
    const [first, second, now] = data.rows.map(row => row.x);

    expect(data.xDomain).toEqual([first, now]);
    expect(first).toBe(Date.parse(points[0].ts));
    expect((second - first) / (now - first)).toBeCloseTo(2 / 3);
  });

  it('places points by position when a timestamp does not parse, and marks nothing', () => {
    const points = burnDownFixture([1, 0.9, 0.85]);
    points[1] = { ...points[1], ts: 'yesterday' };
    const data = burnDownChartData(points, {
      deployMarkers: [deployMarkerFixture({ ts: points[0].ts })],
    });

    expect(data.rows.map(row => row.x)).toEqual([0, 1, 2]);
    expect(data.xDomain).toEqual([0, 2]);
    expect(data.changeMarks).toEqual([]);
  });

  it('shows a single point at the right edge, as "now"', () => {
    const data = burnDownChartData(burnDownFixture([0.95]));

    expect(data.rows).toEqual([
      { x: 0, aboveZero: 0.95, belowZero: null, lone: true },
    ]);
    expect(data.xDomain[1]).toBe(0);
    expect(data.xDomain[0]).toBeLessThan(0);
    expect(data.dateTicks).toEqual([{ value: 0, label: 'now' }]);
  });

  it('cuts maintenance bands to the window and drops those outside it', () => {
    // Oct 30 00:00 to "now", Oct 31 12:00.
    const points = burnDownFixture([1, 0.9, 0.85]);
    const window = (start: string, end: string) => ({
      start,
      end,
      reason: 'Maintenance',
      source: 'annotation' as const,
      schedule: null,
    });
    const data = burnDownChartData(points, {
      exclusionWindows: [
        window('2026-10-29T22:00:00Z', '2026-10-30T02:00:00Z'),
        window('2026-10-31T02:00:00Z', '2026-10-31T04:00:00Z'),
        window('2026-10-31T11:00:00Z', '2026-10-31T13:00:00Z'),
        window('2026-11-01T02:00:00Z', '2026-11-01T04:00:00Z'),
      ],
    });

    expect(
      data.exclusionBands.map(band => [
        new Date(band.x1).toISOString(),
        new Date(band.x2).toISOString(),
      ]),
    ).toEqual([
      ['2026-10-30T00:00:00.000Z', '2026-10-30T02:00:00.000Z'],
      ['2026-10-31T02:00:00.000Z', '2026-10-31T04:00:00.000Z'],
      ['2026-10-31T11:00:00.000Z', '2026-10-31T12:00:00.000Z'],
    ]);
  });

  it('has nothing to show without points', () => {
    const data = burnDownChartData([]);

    expect(data.rows).toEqual([]);
    expect(data.dateTicks).toEqual([]);
    expect(data.yDomain).toEqual([0, 1]);
  });

  it('leaves out a date label that would touch "now"', () => {
    // 14 days and now: a label every 3 days; Nov 11 is a day and a half before now.
    const points = burnDownFixture(Array.from({ length: 15 }, () => 1));
    const data = burnDownChartData(points);

    expect(data.dateTicks.map(tick => tick.label)).toEqual([
      'Oct 30',
      'Nov 2',
      'Nov 5',
      'Nov 8',
      'now',
    ]);
    expect(data.dateTicks[1].value).toBe(Date.parse(points[3].ts));
    expect(data.dateTicks[4].value).toBe(Date.parse(points[14].ts));
  });

  it('labels a date every few days over a 30-day window, and "now" at the end', () => {
    const data = burnDownChartData(
      burnDownFixture(Array.from({ length: 31 }, () => 1)),
    );

    expect(data.dateTicks.map(tick => tick.label)).toEqual([
      'Oct 30',
      'Nov 5',
      'Nov 11',
      'Nov 17',
      'Nov 23',
      'now',
    ]);
  });
});

describe('the changes and the burn on the chart', () => {
  // 30 days and now: Oct 30 00:00 to Nov 28 12:00 UTC.
  const points = burnDownFixture(Array.from({ length: 31 }, () => 1));

  it('places each change at its time, with its title', () => {
    const deploy = deployMarkerFixture();
    const change = changeEventFixture();
    const data = burnDownChartData(points, {
      deployMarkers: [deploy, change],
    });

    expect(data.changeMarks).toEqual([
      {
        id: deploy.id,
        changeType: 'deployment',
        x: Date.parse(deploy.ts),
        title:
          'Deploy: orders-api v42: new payment client at Nov 28, 11:20 UTC',
      },
      {
        id: change.id,
        changeType: 'configuration',
        x: Date.parse(change.ts),
        title:
          'Configuration change: UpdateFunctionConfiguration: MemorySize 512 → 1024 at Nov 27, 09:00 UTC',
      },
    ]);
    expect(data.burnStart).toBeNull();
  });

  it('keeps a change at either end of the window, on its edge', () => {
    const data = burnDownChartData(points, {
      deployMarkers: [
        deployMarkerFixture({ id: 'first', ts: points[0].ts }),
        deployMarkerFixture({ id: 'now', ts: points[points.length - 1].ts }),
      ],
    });

    expect(data.changeMarks.map(mark => mark.x)).toEqual(data.xDomain);
  });

  it('drops changes outside the window, and a time that does not parse', () => {
    const data = burnDownChartData(points, {
      deployMarkers: [
        deployMarkerFixture({ id: 'before', ts: '2026-10-29T23:59:59Z' }),
        deployMarkerFixture({ id: 'after', ts: '2026-11-28T12:00:01Z' }),
        deployMarkerFixture({ id: 'garbled', ts: 'last week' }),
        deployMarkerFixture({ id: 'inside' }),
      ],
    });

    expect(data.changeMarks.map(mark => mark.id)).toEqual(['inside']);
  });

  it('marks where the burn started, when it did inside the window', () => {
    const burningSince = '2026-11-28T11:20:30Z';
    const data = burnDownChartData(points, { burningSince });

    expect(data.burnStart).toEqual({
      x: Date.parse(burningSince),
      title: 'Burn started at Nov 28, 11:20 UTC',
    });
    expect(
      burnDownChartData(points, { burningSince: '2026-12-01T00:00:00Z' })
        .burnStart,
    ).toBeNull();
  });

  it('places nothing on a chart of a single point, which has no time axis', () => {
    const data = burnDownChartData(burnDownFixture([0.9]), {
      deployMarkers: [deployMarkerFixture({ ts: '2026-10-30T00:00:00Z' })],
      burningSince: '2026-10-30T00:00:00Z',
    });

    expect(data.changeMarks).toEqual([]);
    expect(data.burnStart).toBeNull();
  });
});
