import {
  availabilitySeries,
  forEachDatapoint,
  PeriodValues,
  thresholdSeries,
  toDense,
} from './sliSeries';

const START = Date.parse('2026-11-29T00:00:00Z');
const MINUTE = 60_000;
const grid = { start: START, periodSeconds: 300, periods: 4 };

describe('period values', () => {
  it('visits the periods that have a datapoint, oldest first, skipping NaN', () => {
    const visited: Array<[number, number]> = [];
    forEachDatapoint(
      { start: START, periodSeconds: 60, values: Float64Array.of(1, NaN, 0) },
      (ts, value) => visited.push([ts, value]),
    );
    expect(visited).toEqual([
      [START, 1],
      [START + 2 * MINUTE, 0],
    ]);
  });

  it('spread over a grid of their own period as the datapoints they hold', () => {
    // Starts a period before the grid and ends inside it: the edges are dropped or empty.
    const values: PeriodValues = {
      start: START - 5 * MINUTE,
      periodSeconds: 300,
      values: Float64Array.of(9, 1, NaN, 3),
    };
    expect(toDense(grid, values)).toEqual([1, undefined, 3, undefined]);
  });

  it('starting with the grid and reaching past it, cut at its end and left as they are', () => {
    const values = Float64Array.of(1, NaN, 3, 4, 5, 6);
    const held = Float64Array.from(values);
    const series = { start: START, periodSeconds: 300, values };
    expect(toDense(grid, series)).toEqual([1, undefined, 3, 4]);
    expect(availabilitySeries(grid, { invocations: series }).good).toEqual([
      1, 0, 3, 4,
    ]);
    expect(values).toEqual(held);
  });

  it('added up into longer periods as sparse datapoints are', () => {
    const minutes: PeriodValues = {
      start: START + 3 * MINUTE,
      periodSeconds: 60,
      values: Float64Array.of(1, 2, NaN, 4, NaN, NaN, NaN, NaN, NaN, NaN, 7),
    };
    const sparse = {
      timestamps: [3, 4, 6, 13].map(m => START + m * MINUTE),
      values: [1, 2, 4, 7],
    };
    expect(toDense(grid, minutes)).toEqual([3, 4, 7, undefined]);
    expect(toDense(grid, minutes)).toEqual(toDense(grid, sparse));
  });

  it('make the same SLI series as the datapoints they hold', () => {
    const invocations = Float64Array.of(10, NaN, 5, 8);
    const errors = Float64Array.of(1, NaN, NaN, 8);
    const sparse = (values: Float64Array) => {
      const kept = [...values.keys()].filter(i => !Number.isNaN(values[i]));
      return {
        timestamps: kept.map(i => START + i * 5 * MINUTE),
        values: kept.map(i => values[i]),
      };
    };
    const periodValues = (values: Float64Array) => ({
      start: START,
      periodSeconds: 300,
      values,
    });
    expect(
      availabilitySeries(grid, {
        invocations: periodValues(invocations),
        errors: periodValues(errors),
      }),
    ).toEqual(
      availabilitySeries(grid, {
        invocations: sparse(invocations),
        errors: sparse(errors),
      }),
    );
    expect(thresholdSeries(grid, periodValues(errors), 5)).toEqual({
      start: START,
      periodSeconds: 300,
      good: [1, 0, 0, 0],
      bad: [0, 0, 0, 1],
    });
  });
});
