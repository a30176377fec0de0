import {
  availabilityEvents,
  computeAttainment,
  computeRequestErrorBudget,
} from './requestBased';
import { computeSloStatus } from './status';
import type { BurnRateRow, BurnRateState } from '../types';

describe('request-based SLO math', () => {
  it('counts throttled requests as requests that failed', () => {
    expect(
      availabilityEvents({ invocations: 1000, errors: 5, throttles: 20 }),
    ).toEqual({ total: 1020, bad: 25 });
  });

  it('computes the healthy orders-api example by hand: 864 errors in 4,320,000 requests', () => {
    const events = availabilityEvents({
      invocations: 4_320_000,
      errors: 864,
      throttles: 0,
    });
    expect(computeAttainment(events)).toBeCloseTo(0.9998, 10);
    const budget = computeRequestErrorBudget(events, 0.999);
    expect(budget.total).toBeCloseTo(4320, 6);
    expect(budget.consumed).toBe(864);
    expect(budget.remaining).toBeCloseTo(0.8, 10);
    expect(budget.unit).toBe('requests');
  });

  it('has a remaining budget of exactly zero when the budget is exactly spent', () => {
    const budget = computeRequestErrorBudget(
      { total: 100_000, bad: 100 },
      0.999,
    );
    expect(budget.remaining).toBeCloseTo(0, 10);
    expect(computeSloStatus(budget, [])).toBe('breached');
  });

  it('goes negative when the budget is overspent', () => {
    const budget = computeRequestErrorBudget(
      { total: 100_000, bad: 250 },
      0.999,
    );
    expect(budget.remaining).toBeCloseTo(-1.5, 10);
  });

  it('treats a window without traffic as no data, not 100 %', () => {
    const events = availabilityEvents({
      invocations: 0,
      errors: 0,
      throttles: 0,
    });
    expect(computeAttainment(events)).toBeNull();
    const budget = computeRequestErrorBudget(events, 0.999);
    expect(budget.remaining).toBeNull();
    expect(computeSloStatus(budget, [])).toBe('no-data');
  });

  it('fails every request that was only throttled', () => {
    const events = availabilityEvents({
      invocations: 0,
      errors: 0,
      throttles: 50,
    });
    expect(computeAttainment(events)).toBe(0);
    expect(computeRequestErrorBudget(events, 0.99).remaining).toBeCloseTo(
      -99,
      8,
    );
  });
});

describe('computeSloStatus', () => {
  const row = (
    severity: 'page' | 'ticket',
    state: BurnRateState,
  ): BurnRateRow => ({
    severity,
    longWindow: '1h',
    shortWindow: '5m',
    threshold: 14.4,
    long: null,
    short: null,
    firing: state === 'firing',
    state,
  });
  const budget = (remaining: number | null) => ({
    total: 100,
    consumed: 0,
    remaining,
    unit: 'requests' as const,
  });

  it.each([
    [
      'a firing page row wins over an exhausted budget',
      budget(-0.2),
      [row('page', 'firing'), row('ticket', 'no-data')],
      'page',
    ],
    [
      'an exhausted budget is breached',
      budget(0),
      [row('ticket', 'firing')],
      'breached',
    ],
    [
      'a firing ticket row is a warning',
      budget(0.9),
      [row('ticket', 'firing')],
      'warning',
    ],
    [
      'less than half the budget left is a warning',
      budget(0.49),
      [],
      'warning',
    ],
    [
      'half the budget left is ok',
      budget(0.5),
      [row('page', 'not-firing')],
      'ok',
    ],
    [
      'a row whose windows hold no published data is no-data, never ok',
      budget(0.9),
      [row('page', 'not-firing'), row('page', 'no-data')],
      'no-data',
    ],
    [
      'a spent budget is breached even while the newest minutes are missing',
      budget(-0.1),
      [row('page', 'no-data')],
      'breached',
    ],
    ['no traffic is no-data', budget(null), [row('page', 'firing')], 'no-data'],
  ])('%s', (_name, b, rows, expected) => {
    expect(computeSloStatus(b, rows as BurnRateRow[])).toBe(expected);
  });
});
