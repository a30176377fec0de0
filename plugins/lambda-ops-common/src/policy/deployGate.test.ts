import type { BurnRateRow } from '../types';
import { DEFAULT_BUDGET_POLICY } from './budgetPolicy';
import { decideDeployGate, DeployGateInput, isRollback } from './deployGate';

function row(severity: BurnRateRow['severity'], firing: boolean): BurnRateRow {
  return {
    severity,
    longWindow: severity === 'page' ? '1h' : '3d',
    shortWindow: severity === 'page' ? '5m' : '6h',
    threshold: severity === 'page' ? 14.4 : 1,
    long: firing ? 30 : 0.5,
    short: firing ? 30 : 0.5,
    firing,
    state: firing ? 'firing' : 'not-firing',
  };
}

function slo(
  remaining: number | null,
  firing: { page?: boolean; ticket?: boolean } = {},
): DeployGateInput['slos'][number] {
  return {
    id: 'checkout-api:availability',
    description: '99.9% of requests succeed over 30 days',
    errorBudget: { total: 100, consumed: 0, remaining, unit: 'requests' },
    burnRates: [row('page', !!firing.page), row('ticket', !!firing.ticket)],
  };
}

const gate = (
  slos: DeployGateInput['slos'],
  options: Partial<DeployGateInput> = {},
) =>
  decideDeployGate({
    slos,
    policy: DEFAULT_BUDGET_POLICY,
    rollback: false,
    ...options,
  });

describe('decideDeployGate', () => {
  it.each([
    [
      'a budget overspent (-0.01 < block-below 0)',
      -0.01,
      {},
      'block',
      ['budget-exhausted'],
    ],
    [
      'a budget spent exactly (0 is not below 0), under warn-below',
      0,
      {},
      'warn',
      ['budget-low'],
    ],
    ['a budget just under warn-below 0.25', 0.2499, {}, 'warn', ['budget-low']],
    ['a budget at warn-below 0.25', 0.25, {}, 'allow', ['within-policy']],
    [
      'a firing page row with most budget left',
      0.9,
      { page: true },
      'block',
      ['page-burn'],
    ],
    [
      'a firing ticket row with most budget left',
      0.9,
      { ticket: true },
      'warn',
      ['ticket-burn'],
    ],
    [
      'a page and a ticket row firing: the page says it all',
      0.9,
      { page: true, ticket: true },
      'block',
      ['page-burn'],
    ],
    ['an SLO without traffic', null, {}, 'allow', ['no-data']],
  ] as const)(
    'with %s the gate says %s',
    (_name, remaining, firing, decision, codes) => {
      const verdict = gate([slo(remaining, firing)]);
      expect(verdict.decision).toBe(decision);
      expect(verdict.reasons.map(r => r.code)).toEqual(codes);
    },
  );

  it('takes the worst SLO, and reports the lowest budget left', () => {
    const verdict = gate([slo(0.9), slo(0.1), slo(0.5, { ticket: true })]);
    expect(verdict.decision).toBe('warn');
    expect(verdict.budgetRemaining).toBe(0.1);
    expect(verdict.reasons).toEqual([
      {
        code: 'budget-low',
        sloId: 'checkout-api:availability',
        message:
          '99.9% of requests succeed over 30 days: 10% of the budget left, below warn-below 25%',
      },
      expect.objectContaining({ code: 'ticket-burn' }),
    ]);
  });

  it('says why a page burn blocks', () => {
    const [reason] = gate([slo(0.9, { page: true })]).reasons;
    expect(reason.message).toBe(
      '99.9% of requests succeed over 30 days: the budget burns 30.0× too fast over 1h (page threshold 14.4)',
    );
  });

  it('follows the policy it is given', () => {
    const strict = { blockBelow: 0.5, warnBelow: 0.8 };
    expect(gate([slo(0.4)], { policy: strict }).decision).toBe('block');
    expect(gate([slo(0.7)], { policy: strict }).decision).toBe('warn');
  });

  it('always allows a rollback, keeping the reasons it overrides', () => {
    const verdict = gate([slo(-0.5, { page: true })], { rollback: true });
    expect(verdict.decision).toBe('allow');
    expect(verdict.reasons.map(r => r.code)).toEqual([
      'rollback',
      'page-burn',
      'budget-exhausted',
    ]);
    expect(verdict.reasons[0].message).toBe(
      'A rollback to an earlier version is always allowed, though the gate would block a deploy',
    );
  });

  it('allows an entity without SLOs, saying so', () => {
    expect(gate([])).toEqual({
      decision: 'allow',
      reasons: [
        {
          code: 'no-slos',
          message:
            'The entity has no SLOs, so no error budget holds the deploy back',
        },
      ],
      budgetRemaining: null,
    });
  });
});

describe('isRollback', () => {
  it.each([
    ['41', '42', true],
    ['9', '10', true],
    ['42', '42', false],
    ['43', '42', false],
    ['$LATEST', '42', false],
    ['41', 'PROD', false],
    [undefined, '42', false],
    ['41', null, false],
  ])(
    'deploying %p while %p serves is a rollback: %p',
    (requested, serving, expected) => {
      expect(isRollback(requested, serving)).toBe(expected);
    },
  );
});
