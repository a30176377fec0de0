import type { CoverageCheckId, CoverageResult } from '../types';
import { alarm, slo, snapshot } from './__fixtures__/snapshots';
import type { FleetEntitySnapshot } from './FleetEntitySnapshot';
import {
  buildCoverage,
  COVERAGE_CHECKS,
  coverageScore,
  evaluateCoverage,
  summarizeCoverageByOwner,
} from './coverage';

const unreadable = (url: string, reason: string) => ({
  url,
  readable: false,
  reason,
});

describe('coverage checks', () => {
  it('are the six of the contract, in order', () => {
    expect(COVERAGE_CHECKS.map(check => check.id)).toEqual([
      'slo-pattern',
      'runbook',
      'alarms-have-runbooks',
      'alarms-classified',
      'page-alarm',
      'slo-met',
    ]);
  });

  it.each<
    [
      CoverageCheckId,
      string,
      FleetEntitySnapshot,
      CoverageResult['result'],
      string,
    ]
  >([
    [
      'slo-pattern',
      'passes with a valid pattern',
      snapshot(),
      'pass',
      '`lambda-ops/slo-pattern` is api',
    ],
    [
      'slo-pattern',
      'fails without the annotation, naming it',
      snapshot({ pattern: null }),
      'fail',
      'add `lambda-ops/slo-pattern` (api, async or batch)',
    ],
    [
      'slo-pattern',
      'fails on a malformed annotation, quoting the problem',
      snapshot({
        pattern: null,
        problems: [
          {
            code: 'invalid-annotation',
            annotation: 'lambda-ops/slo-pattern',
            message: '"rest" is not api, async or batch',
          },
        ],
      }),
      'fail',
      'fix `lambda-ops/slo-pattern`: "rest" is not api, async or batch',
    ],
    [
      'runbook',
      'passes when the runbook can be read',
      snapshot(),
      'pass',
      'the runbook https://runbooks.example.com/orders can be read',
    ],
    [
      'runbook',
      'fails without the annotation, naming it',
      snapshot({ runbook: null }),
      'fail',
      'add `lambda-ops/runbook`',
    ],
    [
      'runbook',
      'fails when the runbook cannot be read, saying why',
      snapshot({
        runbook: {
          annotation: 'https://wiki.example.com/orders',
          ...unreadable('https://wiki.example.com/orders', 'answers 404'),
        },
      }),
      'fail',
      '`lambda-ops/runbook` links https://wiki.example.com/orders which answers 404',
    ],
    [
      'alarms-have-runbooks',
      'passes when every alarm links a readable runbook',
      snapshot(),
      'pass',
      'all 1 alarms link a runbook that resolves',
    ],
    [
      'alarms-have-runbooks',
      'is n/a without alarms',
      snapshot({ alarms: [] }),
      'n/a',
      'no alarms',
    ],
    [
      'alarms-have-runbooks',
      'fails when an alarm links no runbook',
      snapshot({ alarms: [alarm('orders-errors-page', { runbookUrl: null })] }),
      'fail',
      'alarm orders-errors-page links no runbook: add its URL to the alarm description or a `runbook` tag',
    ],
    [
      'alarms-have-runbooks',
      'fails when an alarm links a runbook that answers 404',
      snapshot({
        alarms: [
          alarm('orders-errors-page', {
            runbookUrl: 'https://wiki.example.com/gone',
          }),
        ],
        alarmRunbooks: [
          unreadable('https://wiki.example.com/gone', 'answers 404'),
        ],
      }),
      'fail',
      'alarm orders-errors-page links https://wiki.example.com/gone which answers 404',
    ],
    [
      'alarms-have-runbooks',
      'fails while an alarm links a runbook nobody has read yet',
      snapshot({
        alarms: [
          alarm('orders-errors-page', {
            runbookUrl: 'https://wiki.example.com/new',
          }),
        ],
      }),
      'fail',
      'alarm orders-errors-page links https://wiki.example.com/new which has not been checked yet; it is read at the next refresh',
    ],
    [
      'alarms-have-runbooks',
      'fails when an alarm links a section the runbook does not have',
      snapshot({
        alarms: [
          alarm('orders-errors-page', {
            runbookProblem: 'the runbook has no section #throttles',
          }),
        ],
      }),
      'fail',
      'alarm orders-errors-page: the runbook has no section #throttles',
    ],
    [
      'alarms-have-runbooks',
      'names the first three defects and counts the rest',
      snapshot({
        alarms: ['a', 'b', 'c', 'd', 'e'].map(name =>
          alarm(name, { runbookUrl: null }),
        ),
      }),
      'fail',
      expect.stringMatching(
        /^alarm a links no runbook.*alarm c links no runbook.*; and 2 more$/,
      ),
    ],
    [
      'alarms-classified',
      'passes when every alarm is page or ticket',
      snapshot({
        alarms: [alarm('x-page'), alarm('y-ticket', { severity: 'ticket' })],
      }),
      'pass',
      'all 2 alarms are page or ticket',
    ],
    [
      'alarms-classified',
      'is n/a without alarms',
      snapshot({ alarms: [] }),
      'n/a',
      'no alarms',
    ],
    [
      'alarms-classified',
      'fails on an unclassified alarm, saying how to classify it',
      snapshot({
        alarms: [alarm('orders-errors', { severity: 'unclassified' })],
      }),
      'fail',
      'orders-errors: neither page nor ticket; tag the alarm severity=page or severity=ticket, or put page or ticket in its name',
    ],
    [
      'page-alarm',
      'passes with a page alarm',
      snapshot(),
      'pass',
      '1 page alarm',
    ],
    [
      'page-alarm',
      'fails with only ticket alarms',
      snapshot({
        alarms: [alarm('orders-dlq-ticket', { severity: 'ticket' })],
      }),
      'fail',
      "no page alarm for the entity's functions: add one (the Alarms tab generates a template)",
    ],
    [
      'page-alarm',
      'fails without alarms',
      snapshot({ alarms: [] }),
      'fail',
      expect.stringContaining('no page alarm'),
    ],
    [
      'slo-met',
      'passes when every SLO meets its target',
      snapshot(),
      'pass',
      'all 1 SLOs with data meet their targets',
    ],
    [
      'slo-met',
      'fails when an SLO attains less than its target, with the figures',
      snapshot({
        slos: [slo({ attainment: 0.992, target: 0.999, status: 'breached' })],
      }),
      'fail',
      'Availability attains 99.2% against 99.9% over 30d',
    ],
    [
      'slo-met',
      'is n/a when every SLO has no data',
      snapshot({ slos: [slo({ status: 'no-data', attainment: null })] }),
      'n/a',
      'no SLO has data in its window',
    ],
    [
      'slo-met',
      'is n/a without SLOs',
      snapshot({ slos: [] }),
      'n/a',
      'no SLOs',
    ],
  ])('%s %s', (id, _, entity, result, reason) => {
    expect(evaluateCoverage(entity).checks[id]).toEqual({ result, reason });
  });

  it('judges the checks that need AWS data n/a, with the reason, when it could not be read', () => {
    const { checks } = evaluateCoverage(
      snapshot({
        unavailableReason: 'AWS account 123456789012 is not configured',
        alarms: [],
        slos: [],
        runbook: null,
      }),
    );
    expect(checks['page-alarm']).toEqual({
      result: 'n/a',
      reason:
        'AWS data unavailable: AWS account 123456789012 is not configured',
    });
    expect(checks['slo-met'].result).toBe('n/a');
    expect(checks['alarms-have-runbooks'].result).toBe('n/a');
    expect(checks['alarms-classified'].result).toBe('n/a');
    expect(checks.runbook.result).toBe('fail');
  });
});

describe('coverage scores', () => {
  it.each<[string, CoverageResult['result'][], number | null]>([
    ['all passing', ['pass', 'pass'], 1],
    ['n/a left out', ['pass', 'fail', 'n/a', 'n/a'], 0.5],
    ['one of three', ['pass', 'fail', 'fail'], 1 / 3],
    ['every check n/a', ['n/a', 'n/a'], null],
  ])('entity score, %s', (_, results, score) => {
    const value = coverageScore(results.map(result => ({ result })));
    expect(value === null ? null : Number(value.toFixed(6))).toBe(
      score === null ? null : Number(score.toFixed(6)),
    );
  });

  it('gives an entity with every check passing 1 and one missing its runbook and page alarm 4 of 6', () => {
    expect(evaluateCoverage(snapshot()).score).toBe(1);
    expect(
      evaluateCoverage(
        snapshot({
          runbook: null,
          alarms: [alarm('orders-dlq-ticket', { severity: 'ticket' })],
        }),
      ).score,
    ).toBeCloseTo(4 / 6);
  });

  it('scores each owner by the mean of its entities, worst owners first, counting failures per check', () => {
    const { owners, entities, total } = buildCoverage([
      snapshot({
        entityRef: 'component:default/a',
        owner: 'group:default/payments',
      }),
      snapshot({
        entityRef: 'component:default/b',
        owner: 'group:default/payments',
        runbook: null,
        pattern: null,
      }),
      snapshot({
        entityRef: 'component:default/c',
        owner: 'group:default/search',
        runbook: null,
      }),
      snapshot({
        entityRef: 'component:default/d',
        owner: 'group:default/identity',
      }),
    ]);
    expect(owners.map(o => [o.owner, o.entities])).toEqual([
      ['group:default/payments', 2],
      ['group:default/search', 1],
      ['group:default/identity', 1],
    ]);
    expect(owners[0].score).toBeCloseTo((1 + 4 / 6) / 2);
    expect(owners[1].score).toBeCloseTo(5 / 6);
    expect(owners[0].failing).toMatchObject({
      runbook: 1,
      'slo-pattern': 1,
      'page-alarm': 0,
    });
    expect(entities.map(e => e.entityRef)).toEqual([
      'component:default/b',
      'component:default/c',
      'component:default/a',
      'component:default/d',
    ]);
    expect(total.entities).toBe(4);
    expect(total.score).toBeCloseTo((1 + 4 / 6 + 5 / 6 + 1) / 4);
  });

  it('counts the alarms behind the alarm checks', () => {
    const entity = evaluateCoverage(
      snapshot({
        alarms: [
          alarm('a-page', { runbookUrl: null }),
          alarm('b', { severity: 'unclassified' }),
        ],
      }),
    );
    expect(entity.alarms).toEqual({
      total: 2,
      withoutRunbook: 1,
      unclassified: 1,
      page: 1,
    });
  });

  it('puts owners without a score last', () => {
    const alarms = { total: 0, withoutRunbook: 0, unclassified: 0, page: 0 };
    const owners = summarizeCoverageByOwner([
      {
        entityRef: 'component:default/a',
        owner: 'group:default/a',
        alarms,
        score: null,
        checks: {},
      },
      {
        entityRef: 'component:default/b',
        owner: 'group:default/b',
        alarms,
        score: 1,
        checks: {},
      },
    ]);
    expect(owners.map(o => [o.owner, o.score])).toEqual([
      ['group:default/b', 1],
      ['group:default/a', null],
    ]);
  });
});
