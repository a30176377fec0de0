import { fromApplicationSignalsExclusionWindow } from './applicationSignalsExclusions';

const base = {
  window: { durationUnit: 'HOUR', duration: 2 },
  startTime: Date.parse('2026-11-01T00:00:00Z'),
  recurrence: null,
  reason: 'Patch Tuesday',
};

describe('fromApplicationSignalsExclusionWindow', () => {
  it.each([
    ['a weekly cron with ? and a year', 'cron(0 2 ? * TUE *)', '0 2 * * TUE'],
    [
      'numbered weekdays, Sunday being 1',
      'cron(30 1 ? * 1,7 *)',
      '30 1 * * 0,6',
    ],
    ['a day of month', 'cron(0 3 15 * ? *)', '0 3 15 * *'],
  ])('reads %s as five cron fields', (_, recurrence, cron) => {
    expect(
      fromApplicationSignalsExclusionWindow({ ...base, recurrence }),
    ).toEqual({
      reason: 'Patch Tuesday',
      durationMs: 7_200_000,
      start: base.startTime,
      recurrence: { cron },
      schedule: recurrence,
      source: 'application-signals',
    });
  });

  it('reads a rate from its start time', () => {
    expect(
      fromApplicationSignalsExclusionWindow({
        ...base,
        recurrence: 'rate(7 days)',
      })?.recurrence,
    ).toEqual({ everyMs: 7 * 86_400_000 });
  });

  it('reads a one-off window', () => {
    expect(fromApplicationSignalsExclusionWindow(base)).toMatchObject({
      start: base.startTime,
      recurrence: null,
    });
  });

  it.each([
    ['a year', { recurrence: 'cron(0 2 ? * TUE 2027)' }],
    ['the last day of the month', { recurrence: 'cron(0 2 L * ? *)' }],
    ['the second Tuesday', { recurrence: 'cron(0 2 ? * 3#2 *)' }],
    [
      'a duration in months',
      { window: { durationUnit: 'MONTH', duration: 1 } },
    ],
    ['a one-off window without a start', { startTime: null }],
  ])('cannot draw a window with %s', (_, change) => {
    expect(
      fromApplicationSignalsExclusionWindow({ ...base, ...change }),
    ).toBeNull();
  });
});
