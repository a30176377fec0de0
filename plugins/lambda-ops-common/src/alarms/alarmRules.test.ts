import type { Alarm } from '../types';
import {
  alarmDefects,
  AlarmFacts,
  compareAlarms,
  countAlarms,
  isFiringPage,
  isFiringTicket,
} from './alarmRules';

function alarm(overrides: Partial<AlarmFacts>): AlarmFacts {
  return {
    name: 'orders-api-errors',
    state: 'OK',
    severity: 'page',
    runbookUrl: 'https://runbooks.example.com/orders-api.md#errors',
    runbookProblem: null,
    ...overrides,
  };
}

describe('compareAlarms', () => {
  it('puts firing pages, then firing tickets, then firing unclassified alarms, then the rest by name', () => {
    const alarms = [
      alarm({ name: 'a-ok-page', state: 'OK' }),
      alarm({
        name: 'b-firing-unclassified',
        state: 'ALARM',
        severity: 'unclassified',
      }),
      alarm({ name: 'c-firing-ticket', state: 'ALARM', severity: 'ticket' }),
      alarm({ name: 'z-firing-page', state: 'ALARM' }),
      alarm({ name: 'd-insufficient', state: 'INSUFFICIENT_DATA' }),
      alarm({ name: 'e-firing-page', state: 'ALARM' }),
    ];

    expect([...alarms].sort(compareAlarms).map(a => a.name)).toEqual([
      'e-firing-page',
      'z-firing-page',
      'c-firing-ticket',
      'b-firing-unclassified',
      'a-ok-page',
      'd-insufficient',
    ]);
  });
});

describe('alarmDefects', () => {
  it.each<[string, Partial<AlarmFacts>, Alarm['defects']]>([
    ['a classified alarm with a good runbook link has none', {}, []],
    [
      'an unclassified alarm is noise',
      { severity: 'unclassified' },
      ['unclassified'],
    ],
    [
      'an alarm without a runbook is noise',
      { runbookUrl: null },
      ['no-runbook'],
    ],
    [
      'a link to a missing section is a broken runbook',
      {
        runbookProblem: 'Links to section #x, which the runbook does not have',
      },
      ['runbook-problem'],
    ],
    [
      'an unclassified alarm without runbook has both defects',
      { severity: 'unclassified', runbookUrl: null },
      ['unclassified', 'no-runbook'],
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(alarmDefects(alarm(overrides))).toEqual(expected);
  });
});

describe('firing alarms', () => {
  it.each([
    ['a page in ALARM', { state: 'ALARM', severity: 'page' }, true, false],
    ['a ticket in ALARM', { state: 'ALARM', severity: 'ticket' }, false, true],
    [
      'an unclassified alarm in ALARM',
      { state: 'ALARM', severity: 'unclassified' },
      false,
      false,
    ],
    ['a page in OK', { state: 'OK', severity: 'page' }, false, false],
    [
      'a page without data',
      { state: 'INSUFFICIENT_DATA', severity: 'page' },
      false,
      false,
    ],
  ] as const)('%s pages: %s, tickets: %s', (_, facts, pages, tickets) => {
    expect(isFiringPage(facts)).toBe(pages);
    expect(isFiringTicket(facts)).toBe(tickets);
  });

  it('counts firing alarms, pages and tickets among them, and defects over all', () => {
    const counted = (
      state: Alarm['state'],
      severity: Alarm['severity'],
      defects: Alarm['defects'] = [],
    ) => ({ state, severity, defects });
    expect(
      countAlarms([
        counted('ALARM', 'page'),
        counted('ALARM', 'ticket', ['no-runbook']),
        counted('ALARM', 'unclassified', ['unclassified', 'no-runbook']),
        counted('OK', 'page'),
        counted('INSUFFICIENT_DATA', 'ticket', ['runbook-problem']),
      ]),
    ).toEqual({ firing: 3, pages: 1, tickets: 1, defects: 4 });
    expect(countAlarms([])).toEqual({
      firing: 0,
      pages: 0,
      tickets: 0,
      defects: 0,
    });
  });
});
