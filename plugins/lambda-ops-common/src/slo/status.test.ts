import type { Slo, SloStatus } from '../types';
import { lowestBudgetSlo, statusRank, worstSloStatus } from './status';

describe('worstSloStatus', () => {
  it.each<[string, SloStatus[], SloStatus | undefined]>([
    [
      'page beats everything',
      ['ok', 'no-data', 'breached', 'page', 'warning'],
      'page',
    ],
    ['breached beats warning', ['warning', 'breached', 'ok'], 'breached'],
    ['warning beats no data', ['no-data', 'warning'], 'warning'],
    [
      'no data beats ok: it does not show that all is well',
      ['ok', 'no-data'],
      'no-data',
    ],
    ['ok alone is ok', ['ok'], 'ok'],
    ['no SLO has no status', [], undefined],
  ])('%s', (_name, statuses, expected) => {
    expect(worstSloStatus(statuses)).toBe(expected);
  });

  it('ranks unknown (fleet views) between warning and no data', () => {
    expect(statusRank('warning')).toBeLessThan(statusRank('unknown'));
    expect(statusRank('unknown')).toBeLessThan(statusRank('no-data'));
  });
});

describe('lowestBudgetSlo', () => {
  const slo = (
    id: string,
    remaining: number | null,
    budgetKind: Slo['budgetKind'] = 'ratio',
  ) =>
    ({
      id,
      budgetKind,
      errorBudget: { total: 10, consumed: 0, remaining, unit: 'requests' },
    } as Slo);

  it('finds the SLO with the least budget left, overspent ones included', () => {
    const overspent = slo('b', -0.25);
    expect(lowestBudgetSlo([slo('a', 0.9), overspent, slo('c', 0.1)])).toBe(
      overspent,
    );
  });

  it('leaves out SLOs without traffic and zero-tolerance ones', () => {
    const healthy = slo('a', 0.9);
    const noData = slo('b', null);
    const failedDeliveries = slo('c', 0, 'zero-tolerance');
    expect(lowestBudgetSlo([noData, failedDeliveries, healthy])).toBe(healthy);
    expect(lowestBudgetSlo([noData, failedDeliveries])).toBeUndefined();
  });
});
