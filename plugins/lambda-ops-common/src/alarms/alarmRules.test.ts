import type { Alarm } from '../types';
import { alarmDefects, AlarmFacts, compareAlarms } from './alarmRules';

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
