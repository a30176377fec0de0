import { formatAlarmCounts, formatSince } from './alarms';

describe('formatSince', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');

  it.each([
    ['2026-11-29T12:00:20Z', 'just now'],
    ['2026-11-29T11:59:50Z', 'just now'],
    ['2026-11-29T11:25:00Z', '35 min ago'],
    ['2026-11-29T11:24:40Z', '35 min ago'],
    ['2026-11-29T11:00:00Z', '1 h ago'],
    ['2026-11-28T09:00:00Z', '27 h ago'],
    ['2026-11-27T12:00:00Z', '2 days ago'],
    ['2026-10-30T12:00:00Z', '30 days ago'],
    ['not a date', 'not a date'],
  ])('says %s was %j', (iso, expected) => {
    expect(formatSince(iso, now)).toBe(expected);
  });
});

describe('formatAlarmCounts', () => {
  it('writes singulars, plurals and zeros', () => {
    expect(
      formatAlarmCounts({ firing: 2, pages: 1, tickets: 1, defects: 2 }),
    ).toBe('2 firing · 1 Page · 1 Ticket · 2 defects');
    expect(
      formatAlarmCounts({ firing: 3, pages: 2, tickets: 0, defects: 1 }),
    ).toBe('3 firing · 2 Pages · 0 Tickets · 1 defect');
  });
});
