import { slo } from '../fleet/__fixtures__/snapshots';
import {
  classifySloMonth,
  SloMonthFigures,
  sloMonthFigures,
  sloMonthHint,
} from './sloMonth';

const ratio = (
  attainment: number | null,
  budgetConsumed: number | null,
): SloMonthFigures => ({
  target: 0.999,
  budgetKind: 'ratio',
  attainment,
  budgetConsumed,
});

describe('classifySloMonth', () => {
  it.each<[string, SloMonthFigures, string]>([
    ['a month that spent part of its budget is met', ratio(0.9995, 0.5), 'met'],
    ['a month that spent exactly its budget is met', ratio(0.999, 1), 'met'],
    ['a month that overspent its budget is missed', ratio(0.998, 2), 'missed'],
    [
      'a month with traffic and not one bad event never burned',
      ratio(1, 0),
      'never-burning',
    ],
    ['a month without traffic has no data', ratio(null, null), 'no-data'],
    [
      'a zero-tolerance objective with a failure is missed',
      {
        target: 1,
        budgetKind: 'zero-tolerance',
        attainment: null,
        budgetConsumed: 3,
      },
      'missed',
    ],
    [
      'a zero-tolerance objective without failures is met, never "never burning"',
      {
        target: 1,
        budgetKind: 'zero-tolerance',
        attainment: null,
        budgetConsumed: 0,
      },
      'met',
    ],
  ])('%s', (_, figures, verdict) => {
    expect(classifySloMonth(figures)).toBe(verdict);
  });
});

describe('sloMonthFigures', () => {
  it('takes the share of the budget spent from an SLO evaluated over the month', () => {
    const figures = sloMonthFigures({
      ...slo({ attainment: 0.998 }),
      errorBudget: {
        total: 40,
        consumed: 80,
        remaining: -1,
        unit: 'requests',
      },
    });
    expect(figures.budgetConsumed).toBeCloseTo(2);
    expect(classifySloMonth(figures)).toBe('missed');
  });

  it('has no share of the budget without traffic', () => {
    const figures = sloMonthFigures({
      ...slo({ attainment: null }),
      errorBudget: { total: 0, consumed: 0, remaining: null, unit: 'requests' },
    });
    expect(figures.budgetConsumed).toBeNull();
    expect(classifySloMonth(figures)).toBe('no-data');
  });
});

describe('sloMonthHint', () => {
  it('suggests tightening a target that never burned, naming it', () => {
    expect(sloMonthHint('never-burning', ratio(1, 0))).toMatch(
      /target of 99\.9%: the target may be too loose/,
    );
  });

  it('says how much of the budget a missed month spent', () => {
    expect(sloMonthHint('missed', ratio(0.998, 2))).toMatch(
      /^200% of the budget spent/,
    );
    expect(sloMonthHint('missed', ratio(0.99896, 1.034946))).toMatch(
      /^103% of the budget spent/,
    );
  });

  it('has nothing to say about a month that was met', () => {
    expect(sloMonthHint('met', ratio(0.9995, 0.5))).toBeNull();
  });
});
