import { snapshot } from './__fixtures__/snapshots';
import { evaluateCoverage } from './coverage';
import { coverageToCsv } from './coverageCsv';
import { csvField, toCsv } from './csv';

describe('CSV', () => {
  it.each<[string, string | number | null, string]>([
    ['plain text as it is', 'group:default/payments', 'group:default/payments'],
    ['a comma quoted', 'a, b', '"a, b"'],
    ['quotes doubled and quoted', 'say "hi"', '"say ""hi"""'],
    ['a newline quoted', 'line 1\nline 2', '"line 1\nline 2"'],
    [
      'a formula made text',
      '=HYPERLINK("https://evil.example")',
      '"\'=HYPERLINK(""https://evil.example"")"',
    ],
    ['a leading plus made text', '+1+2', "'+1+2"],
    ['a leading minus made text', '-2+3', "'-2+3"],
    ['a leading at made text', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab made text', '\t=1', "'\t=1"],
    ['a leading carriage return made text and quoted', '\r=1', '"\'\r=1"'],
    ['a minus inside left alone', 'orders-api', 'orders-api'],
    ['a number as a number', 0.5, '0.5'],
    ['a negative number as a number', -0.25, '-0.25'],
    ['null empty', null, ''],
  ])('writes %s', (_, value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it('ends every line with CRLF, header first', () => {
    expect(toCsv(['a', 'b'], [['1', 2]])).toBe('a,b\r\n1,2\r\n');
  });

  it('writes the scorecard one line per entity, a column per check, failures with their reason', () => {
    const csv = coverageToCsv([evaluateCoverage(snapshot({ runbook: null }))]);
    expect(csv.split('\r\n')).toEqual([
      'entityRef,owner,score,slo-pattern,runbook,alarms-have-runbooks,alarms-classified,page-alarm,slo-met',
      `component:default/orders-api,group:default/payments,${
        5 / 6
      },pass,fail: add \`lambda-ops/runbook\`,pass,pass,pass,pass`,
      '',
    ]);
  });
});
