import { countDatapoint, distributionDatapoint } from './datapoints';
import { seriesOf } from './series';
import {
  parseStatistic,
  statisticOver,
  statisticsOverSpans,
} from './statistics';

const duration = distributionDatapoint(
  { minimum: 20, p50: 90, average: 100, p95: 150, p99: 250, maximum: 600 },
  200,
);

describe('statistics', () => {
  it('parses the supported statistics and refuses the others', () => {
    expect(parseStatistic('Sum')).toEqual({ kind: 'Sum' });
    expect(parseStatistic('p99.9')).toEqual({
      kind: 'Percentile',
      percentile: 99.9,
    });
    expect(parseStatistic('p100')).toEqual({
      kind: 'Percentile',
      percentile: 100,
    });
    expect(parseStatistic('tm99')).toBeUndefined();
    expect(parseStatistic('p101')).toBeUndefined();
  });

  it('interpolates percentiles between the known ones', () => {
    const series = seriesOf([[1, 10, duration]]);
    const percentile = (p: number) =>
      statisticOver(
        series,
        { newest: 1, oldest: 10 },
        { kind: 'Percentile', percentile: p },
      );
    expect(percentile(95)).toBe(150);
    expect(percentile(90)).toBeCloseTo(90 + (60 * 40) / 45, 10);
    expect(percentile(100)).toBe(600);
  });

  it('gives count metrics the percentiles of their 0/1 samples', () => {
    // 2 throttles among 200 samples: the top 1 % of samples are 1.
    const series = seriesOf([[1, 1, countDatapoint(2, 200)]]);
    const percentile = (p: number) =>
      statisticOver(
        series,
        { newest: 1, oldest: 1 },
        { kind: 'Percentile', percentile: p },
      );
    expect(percentile(98)).toBe(0);
    expect(percentile(99.5)).toBe(1);
  });

  it('sums fractional rates exactly and skips spans without data', () => {
    const series = seriesOf([
      [1, 40, countDatapoint(20, 200)],
      [41, 43_200, countDatapoint(0.1, 200)],
      [50_000, 50_000, countDatapoint(7, 7)],
    ]);
    expect(
      statisticOver(series, { newest: 1, oldest: 43_200 }, { kind: 'Sum' }),
    ).toBe(5116);
    expect(
      statisticsOverSpans(
        series,
        [
          { newest: 1, oldest: 60 },
          { newest: 43_201, oldest: 49_999 },
          { newest: 50_000, oldest: 50_059 },
        ],
        { kind: 'Sum' },
      ),
    ).toEqual([802, undefined, 7]);
  });

  it('refuses overlapping segments', () => {
    expect(() =>
      seriesOf([
        [1, 10, duration],
        [10, 20, duration],
      ]),
    ).toThrow(/Invalid series segment/);
  });
});
