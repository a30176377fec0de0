import { completedMonths, parseCalendarMonth } from './calendarMonths';

describe('completedMonths', () => {
  it.each([
    [
      'early in December, the three months before it',
      '2026-12-02T15:00:00Z',
      ['2026-09', '2026-10', '2026-11'],
    ],
    [
      'in February, reaching back over the turn of the year',
      '2027-02-28T23:59:59Z',
      ['2026-11', '2026-12', '2027-01'],
    ],
    [
      'at the first instant of a month, the month just ended included',
      '2026-12-01T00:00:00Z',
      ['2026-09', '2026-10', '2026-11'],
    ],
  ])('gives, %s', (_, now, expected) => {
    expect(completedMonths(new Date(now), 3).map(m => m.month)).toEqual(
      expected,
    );
  });

  it('spans each month from its first UTC midnight to the next', () => {
    const [february] = completedMonths(Date.parse('2028-03-10T00:00:00Z'), 1);
    expect(new Date(february.start).toISOString()).toBe(
      '2028-02-01T00:00:00.000Z',
    );
    // 2028 is a leap year.
    expect((february.end - february.start) / 86_400_000).toBe(29);
  });
});

describe('parseCalendarMonth', () => {
  it('reads YYYY-MM and refuses anything else', () => {
    expect(parseCalendarMonth('2026-10')?.start).toBe(Date.UTC(2026, 9, 1));
    expect(parseCalendarMonth('2026-13')).toBeUndefined();
    expect(parseCalendarMonth('October')).toBeUndefined();
  });
});
