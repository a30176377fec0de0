import {
  boundaryAtOrBeforeRuns,
  countWithinRuns,
  periodRuns,
} from './periodRuns';
import {
  countWithin,
  periodBoundaryAtOrBefore,
  SliData,
  sliPeriods,
} from './sliHistory';
import type { SliSeries } from './sliSeries';

const MINUTE = 60_000;

/** Events that differ from period to period, fractions included, so order matters. */
function series(
  start: number,
  periodSeconds: number,
  periods: number,
): SliSeries {
  const good = Array.from(
    { length: periods },
    (_, i) => ((i * 7919) % 97) + 0.1 * i,
  );
  const bad = Array.from(
    { length: periods },
    (_, i) => ((i * 104729) % 13) / 3,
  );
  return { start, periodSeconds, good, bad };
}

const slis: Array<[string, SliData]> = [
  ['one series', series(0, 300, 24)],
  [
    'coarse periods giving way to minutes mid-period',
    { coarse: series(0, 300, 24), recent: series(62 * MINUTE, 60, 58) },
  ],
  [
    'minutes after a gap',
    { coarse: series(0, 300, 6), recent: series(45 * MINUTE, 60, 30) },
  ],
  [
    'minutes before the coarse periods start',
    { coarse: series(60 * MINUTE, 300, 6), recent: series(0, 60, 30) },
  ],
];
// Edges on and off the period boundaries, before, inside and past the data.
const instants = Array.from({ length: 29 }, (_, i) => (i - 4) * 4.5 * MINUTE);

describe.each(slis)('periodRuns of %s', (_name, sli) => {
  const periods = sliPeriods(sli);
  const runs = periodRuns(sli);

  it('counts every span exactly as the periods do', () => {
    const spans = instants.flatMap(from => instants.map(to => [from, to]));
    expect(spans.map(([from, to]) => countWithinRuns(runs, from, to))).toEqual(
      spans.map(([from, to]) => countWithin(periods, from, to)),
    );
  });

  it('ends windows on the same period boundaries', () => {
    expect(instants.map(end => boundaryAtOrBeforeRuns(runs, end))).toEqual(
      instants.map(end => periodBoundaryAtOrBefore(periods, end)),
    );
  });
});
