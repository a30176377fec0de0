import {
  burnDownFixture,
  changeEventFixture,
  deployMarkerFixture,
} from '../../__fixtures__/operations';
import {
  areaPath,
  burnDownChartModel,
  describeBurnDown,
  linePath,
} from './burnDownChartModel';

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

describe('burnDownChartModel', () => {
  it('puts the zero line at the bottom while budget is left, with 100% and 0% labelled', () => {
    const model = burnDownChartModel(burnDownFixture([1, 0.5]));

    expect(model.zeroY).toBe(model.plot.bottom);
    expect(model.percentTicks.map(tick => tick.label)).toEqual(['100%', '0%']);
    expect(model.runs).toEqual([
      [
        { x: model.plot.left, y: model.plot.top },
        {
          x: model.plot.right,
          y: (model.plot.top + model.plot.bottom) / 2,
        },
      ],
    ]);
  });

  it('extends the scale below zero for an overspent budget and labels the lowest value', () => {
    const model = burnDownChartModel(burnDownFixture([1, 0, -1]));

    expect(model.zeroY).toBeCloseTo((model.plot.top + model.plot.bottom) / 2);
    expect(model.percentTicks.map(tick => tick.label)).toEqual([
      '100%',
      '0%',
      '-100%',
    ]);
    expect(model.runs[0][2].y).toBeCloseTo(model.plot.bottom);
  });

  it('leaves out the lowest label when it would crowd the zero line', () => {
    const model = burnDownChartModel(burnDownFixture([1, -0.01]));

    expect(model.zeroY).toBeLessThan(model.plot.bottom);
    expect(model.percentTicks.map(tick => tick.label)).toEqual(['100%', '0%']);
  });

  it('breaks the line where there was no traffic', () => {
    const model = burnDownChartModel(burnDownFixture([1, null, 0.8, 0.7]));

    expect(model.runs.map(run => run.length)).toEqual([1, 2]);
  });

  it('places points by time, so "now" sits closer to the last day than a day', () => {
    // Two daily points, then "now" half a day after the second.
    const model = burnDownChartModel(burnDownFixture([1, 0.9, 0.85]));
    const [first, second, now] = model.runs[0].map(point => point.x);
    const width = model.plot.right - model.plot.left;

    expect(first).toBe(model.plot.left);
    expect(second).toBeCloseTo(model.plot.left + (width * 2) / 3);
    expect(now).toBe(model.plot.right);
  });

  it('draws a single point at the right edge, as "now"', () => {
    const model = burnDownChartModel(burnDownFixture([0.95]));

    expect(model.runs).toEqual([
      [{ x: model.plot.right, y: expect.any(Number) }],
    ]);
    expect(model.dateTicks).toEqual([{ at: model.plot.right, label: 'now' }]);
  });

  it('has nothing to draw without points', () => {
    const model = burnDownChartModel([]);

    expect(model.runs).toEqual([]);
    expect(model.dateTicks).toEqual([]);
  });

  it('leaves out a date label that would touch "now"', () => {
    // 14 days and now: a label every 3 days; Nov 11 is a day and a half before now.
    const values = Array.from({ length: 15 }, () => 1);
    const model = burnDownChartModel(burnDownFixture(values));

    expect(model.dateTicks.map(tick => tick.label)).toEqual([
      'Oct 30',
      'Nov 2',
      'Nov 5',
      'Nov 8',
      'now',
    ]);
  });

  it('labels a date every few days over a 30-day window, and "now" at the end', () => {
    const values = Array.from({ length: 31 }, () => 1);
    const model = burnDownChartModel(burnDownFixture(values));

    expect(model.dateTicks.map(tick => tick.label)).toEqual([
      'Oct 30',
      'Nov 5',
      'Nov 11',
      'Nov 17',
      'Nov 23',
      'now',
    ]);
  });
});

describe('the chart paths', () => {
  const run = [
    { x: 0, y: 10 },
    { x: 5, y: 20 },
  ];

  it('draws the line through the points', () => {
    expect(linePath(run)).toBe('M0,10 L5,20');
  });

  it('closes the area on the zero line', () => {
    expect(areaPath(run, 30)).toBe('M0,30 L0,10 L5,20 L5,30 Z');
  });
});

describe('the changes and the burn on the chart', () => {
  // 30 days and now: Oct 30 00:00 to Nov 28 12:00 UTC.
  const points = burnDownFixture(Array.from({ length: 31 }, () => 1));
  const start = Date.parse(points[0].ts);
  const end = Date.parse(points[points.length - 1].ts);
  const xOf = (ms: number, model: ReturnType<typeof burnDownChartModel>) =>
    model.plot.left +
    ((ms - start) / (end - start)) * (model.plot.right - model.plot.left);

  it('places each change by its time, with its title', () => {
    const deploy = deployMarkerFixture();
    const change = changeEventFixture();
    const model = burnDownChartModel(points, {
      deployMarkers: [deploy, change],
    });

    expect(model.changeMarks).toEqual([
      {
        id: deploy.id,
        changeType: 'deployment',
        x: expect.any(Number),
        title:
          'Deploy: orders-api v42: new payment client at Nov 28, 11:20 UTC',
      },
      {
        id: change.id,
        changeType: 'configuration',
        x: expect.any(Number),
        title:
          'Configuration change: UpdateFunctionConfiguration: MemorySize 512 → 1024 at Nov 27, 09:00 UTC',
      },
    ]);
    expect(model.changeMarks[0].x).toBeCloseTo(
      xOf(Date.parse(deploy.ts), model),
    );
    expect(model.changeMarks[1].x).toBeCloseTo(
      xOf(Date.parse(change.ts), model),
    );
    expect(model.burnStart).toBeNull();
  });

  it('puts a change at either end of the window on its edge', () => {
    const model = burnDownChartModel(points, {
      deployMarkers: [
        deployMarkerFixture({ id: 'first', ts: points[0].ts }),
        deployMarkerFixture({ id: 'now', ts: points[points.length - 1].ts }),
      ],
    });

    expect(model.changeMarks.map(mark => mark.x)).toEqual([
      model.plot.left,
      model.plot.right,
    ]);
  });

  it('drops changes outside the window, and a time that does not parse', () => {
    const model = burnDownChartModel(points, {
      deployMarkers: [
        deployMarkerFixture({ id: 'before', ts: '2026-10-29T23:59:59Z' }),
        deployMarkerFixture({ id: 'after', ts: '2026-11-28T12:00:01Z' }),
        deployMarkerFixture({ id: 'garbled', ts: 'last week' }),
        deployMarkerFixture({ id: 'inside' }),
      ],
    });

    expect(model.changeMarks.map(mark => mark.id)).toEqual(['inside']);
  });

  it('marks where the burn started, when it did inside the window', () => {
    const burningSince = '2026-11-28T11:20:30Z';
    const model = burnDownChartModel(points, { burningSince });

    expect(model.burnStart).toEqual({
      x: expect.any(Number),
      title: 'Burn started at Nov 28, 11:20 UTC',
    });
    expect(model.burnStart!.x).toBeCloseTo(
      xOf(Date.parse(burningSince), model),
    );
    expect(
      burnDownChartModel(points, { burningSince: '2026-12-01T00:00:00Z' })
        .burnStart,
    ).toBeNull();
  });

  it('places nothing on a chart of a single point, which has no time axis', () => {
    const model = burnDownChartModel(burnDownFixture([0.9]), {
      deployMarkers: [deployMarkerFixture({ ts: '2026-10-30T00:00:00Z' })],
      burningSince: '2026-10-30T00:00:00Z',
    });

    expect(model.changeMarks).toEqual([]);
    expect(model.burnStart).toBeNull();
  });
});
