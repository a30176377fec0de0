import { newestDatapoint } from './newestDatapoint';

describe('newestDatapoint', () => {
  it('is the newest period with a datapoint of values kept one a period', () => {
    expect(
      newestDatapoint({
        start: 600_000,
        periodSeconds: 60,
        values: Float64Array.of(1, 0, 2, NaN, NaN),
      }),
    ).toEqual({ ts: 720_000, value: 2 });
    expect(
      newestDatapoint({
        start: 600_000,
        periodSeconds: 60,
        values: Float64Array.of(NaN, NaN),
      }),
    ).toBeNull();
  });

  it('is the later of two datapoints at the same time, in any order', () => {
    expect(
      newestDatapoint({
        timestamps: [new Date(120_000), 60_000, 120_000],
        values: [1, 2, 3],
      }),
    ).toEqual({ ts: 120_000, value: 3 });
    expect(newestDatapoint(undefined)).toBeNull();
  });
});
