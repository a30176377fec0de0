import {
  DEFAULT_PUBLISHING_LAG_MS,
  measureDataLag,
  mostLagging,
  newestMinuteEnd,
  publishedDataEnd,
} from './publishedData';

const at = (hhmmss: string) => Date.parse(`2026-11-29T${hhmmss}Z`);
const LAG = DEFAULT_PUBLISHING_LAG_MS;

/** At `now`, with the default lag, the newest datapoint ending at `newest`. */
const freshness = (now: string, newest: string | null) => ({
  now: at(now),
  publishingLagMs: LAG,
  newestDataEnd: newest === null ? null : at(newest),
});

describe('publishedDataEnd', () => {
  it.each([
    [
      'the clock minus the lag, on the minute, when nothing newer is seen',
      '12:07:10',
      null,
      '12:04:00',
    ],
    [
      'the clock minus the lag when the data is later than that',
      '12:07:10',
      '11:58:00',
      '12:04:00',
    ],
    [
      'the newest datapoint when it is newer than the lag says',
      '12:07:10',
      '12:06:00',
      '12:06:00',
    ],
    [
      'never inside the current, still filling minute',
      '12:07:10',
      '12:08:00',
      '12:07:00',
    ],
  ])('is %s', (_name, now, newest, expected) => {
    expect(publishedDataEnd(freshness(now, newest))).toBe(at(expected));
  });

  it('slides by whole minutes across a 5-minute period of the clock', () => {
    // Data 2 minutes late, read every 15 s for 5 minutes: the end moves once a minute,
    // 2 minutes behind the clock's minute.
    for (let s = 0; s < 300; s += 15) {
      const now = at('12:00:00') + s * 1000;
      const newest = Math.floor(now / 60_000) * 60_000 - 2 * 60_000;
      expect(
        publishedDataEnd({ now, publishingLagMs: LAG, newestDataEnd: newest }),
      ).toBe(newest);
    }
  });
});

describe('measureDataLag', () => {
  it.each([
    ['on time at the configured lag', '12:07:10', '12:04:00', null],
    ['on time when fresher than the lag', '12:07:10', '12:06:00', null],
    ['unknown without any datapoint', '12:07:10', null, null],
    [
      'late by whole minutes past the lag',
      '12:07:10',
      '12:00:00',
      { minutes: 7, newestData: '2026-11-29T12:00:00.000Z' },
    ],
    [
      'late as soon as a minute past the lag is missing',
      '12:07:10',
      '12:03:00',
      { minutes: 4, newestData: '2026-11-29T12:03:00.000Z' },
    ],
  ])('is %s', (_name, now, newest, expected) => {
    expect(measureDataLag(freshness(now, newest))).toEqual(expected);
  });
});

describe('newestMinuteEnd', () => {
  it('is the end of the newest minute with a datapoint in any series', () => {
    expect(
      newestMinuteEnd([
        { timestamps: [at('12:00:00'), at('12:01:00')], values: [1, 2] },
        undefined,
        { timestamps: [new Date(at('12:02:00'))], values: [0] },
      ]),
    ).toBe(at('12:03:00'));
  });

  it('is null without datapoints', () => {
    expect(newestMinuteEnd([undefined, { timestamps: [], values: [] }])).toBe(
      null,
    );
  });

  it('reads minutes kept one value a period, the newest without a datapoint skipped', () => {
    const minutes = (start: string, values: number[]) => ({
      start: at(start),
      periodSeconds: 60,
      values: Float64Array.from(values),
    });
    expect(
      newestMinuteEnd([
        minutes('12:00:00', [1, 2, 0, NaN, NaN]),
        minutes('11:58:00', [3, NaN, 4, NaN]),
        { timestamps: [at('12:01:00')], values: [1] },
      ]),
    ).toBe(at('12:03:00'));
    expect(newestMinuteEnd([minutes('12:00:00', [NaN, NaN])])).toBe(null);
  });
});

describe('mostLagging', () => {
  const lag = (minutes: number) => ({
    minutes,
    newestData: new Date(at('12:10:00') - minutes * 60_000).toISOString(),
  });

  it.each([
    ['the most lagging function', [lag(4), null, lag(9), lag(7)], lag(9)],
    ['nothing when every function is on time', [null, null], null],
    ['nothing without functions', [], null],
  ])('is %s', (_name, lags, expected) => {
    expect(mostLagging(lags)).toEqual(expected);
  });
});
