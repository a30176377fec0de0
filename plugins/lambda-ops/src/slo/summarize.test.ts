import type { SloStatus } from '@lambda-ops/backstage-plugin-common';
import {
  failedDeliveriesSloFixture,
  sloFixture,
} from '../__fixtures__/operations';
import { lowestBudgetSlo, worstStatus } from './summarize';

describe('worstStatus', () => {
  it.each<[string, SloStatus[], SloStatus | undefined]>([
    [
      'page beats everything',
      ['ok', 'no-data', 'breached', 'page', 'warning'],
      'page',
    ],
    ['breached beats warning', ['warning', 'breached', 'ok'], 'breached'],
    ['warning beats ok', ['ok', 'warning'], 'warning'],
    ['ok beats no data', ['no-data', 'ok'], 'ok'],
    ['no data alone is no data', ['no-data'], 'no-data'],
    ['no SLO has no status', [], undefined],
  ])('%s', (_name, statuses, expected) => {
    expect(worstStatus(statuses)).toBe(expected);
  });
});

describe('lowestBudgetSlo', () => {
  const budget = (remaining: number | null) => ({
    total: 4320,
    consumed: 0,
    remaining,
    unit: 'requests' as const,
  });

  it('finds the SLO with the least budget left, overspent ones included', () => {
    const healthy = sloFixture({ id: 'a', errorBudget: budget(0.9) });
    const overspent = sloFixture({ id: 'b', errorBudget: budget(-0.25) });
    const low = sloFixture({ id: 'c', errorBudget: budget(0.1) });

    expect(lowestBudgetSlo([healthy, overspent, low])).toBe(overspent);
  });

  it('leaves out SLOs without traffic and zero-tolerance ones', () => {
    const healthy = sloFixture({ id: 'a', errorBudget: budget(0.9) });
    const noData = sloFixture({ id: 'b', errorBudget: budget(null) });
    const failedDeliveries = failedDeliveriesSloFixture();

    expect(lowestBudgetSlo([noData, failedDeliveries, healthy])).toBe(healthy);
    expect(lowestBudgetSlo([noData, failedDeliveries])).toBeUndefined();
  });
});
