import { sloFixture } from '../__fixtures__/operations';
import {
  formatAttainment,
  formatBudgetRemaining,
  formatBurnRate,
  formatCount,
  formatFailures,
  formatPercentShort,
  formatTarget,
  formatWindow,
  formatWindowLabel,
} from './format';

describe('formatTarget', () => {
  it.each([
    [0.999, '99.9%'],
    [0.99, '99%'],
    [0.9995, '99.95%'],
    [0.95, '95%'],
    [0.99999, '99.999%'],
  ])('shows the target %p exactly, as %p', (target, expected) => {
    expect(formatTarget(target)).toBe(expected);
  });
});

describe('formatAttainment', () => {
  it.each([
    ['0.9998 against 99.9%', 0.9998, 0.999, '99.98%'],
    ['0.9987 against 99.9%', 0.9987, 0.999, '99.87%'],
    ['0.999398 against 99.9%', 0.999398, 0.999, '99.93%'],
    ['0.95 against 99%', 0.95, 0.99, '95.00%'],
    ['0.99987 against 99.95% (one more decimal)', 0.99987, 0.9995, '99.987%'],
    ['a perfect 1 against 99.9%', 1, 0.999, '100.00%'],
  ])('shows %s as %p', (_name, attainment, target, expected) => {
    expect(formatAttainment(attainment, target)).toBe(expected);
  });

  it('never rounds an attainment up to a target it misses', () => {
    expect(formatAttainment(0.99896, 0.999)).toBe('99.89%');
    expect(formatAttainment(0.999999, 0.999)).toBe('99.99%');
  });

  it('says "No data" when there was no traffic', () => {
    expect(formatAttainment(null, 0.999)).toBe('No data');
  });
});

describe('formatBudgetRemaining', () => {
  it.each([
    [0.951, '95.1%'],
    [1, '100.0%'],
    [0.04449, '4.4%'],
    [-0.25, '-25.0%'],
  ])('rounds %p to one decimal percent, %p', (remaining, expected) => {
    expect(formatBudgetRemaining(remaining)).toBe(expected);
  });

  it('says "No data" when the budget is unknown', () => {
    expect(formatBudgetRemaining(null)).toBe('No data');
  });
});

describe('formatCount', () => {
  it('groups thousands and keeps at most one decimal', () => {
    expect(formatCount(4320)).toBe('4,320');
    expect(formatCount(4319.9999999)).toBe('4,320');
    expect(formatCount(43.2)).toBe('43.2');
  });
});

describe('formatBurnRate', () => {
  it('keeps at most two decimals and shows a dash for a missing rate', () => {
    expect(formatBurnRate(14.4)).toBe('14.4');
    expect(formatBurnRate(0.9333333)).toBe('0.93');
    expect(formatBurnRate(30)).toBe('30');
    expect(formatBurnRate(null)).toBe('–');
  });
});

describe('formatPercentShort', () => {
  it.each([
    [1, '100%'],
    [0.399, '39.9%'],
    [0.39949, '39.9%'],
    [-0.25, '-25%'],
    [-0.0001, '0%'],
    [0, '0%'],
  ])('shows %p as %p', (fraction, expected) => {
    expect(formatPercentShort(fraction)).toBe(expected);
  });
});

describe('formatWindow', () => {
  it.each([
    ['30d', '30 days'],
    ['28d', '28 days'],
    ['1d', '1 day'],
    ['720h', '720h'],
  ])('reads %p as %p', (window, expected) => {
    expect(formatWindow(window)).toBe(expected);
  });
});

describe('formatWindowLabel', () => {
  it.each([
    ['30d', '30-day window'],
    ['720h', '720h window'],
  ])('labels %p as %p', (window, expected) => {
    expect(formatWindowLabel(window)).toBe(expected);
  });
});

const failedDeliveries = (consumed: number, remaining: number | null) =>
  sloFixture({
    objective: 'failed-deliveries',
    target: 1,
    budgetKind: 'zero-tolerance',
    errorBudget: { total: 0, consumed, remaining, unit: 'events' },
  });

describe('formatFailures', () => {
  it.each([
    ['no failure', 0, 1, 'Zero failed deliveries'],
    ['one failure', 1, 0, '1 failed delivery'],
    ['ten failures', 10, 0, '10 failed deliveries'],
    ['a window without traffic', 0, null, 'No data'],
  ])('words %s as %p', (_name, consumed, remaining, expected) => {
    expect(formatFailures(failedDeliveries(consumed, remaining))).toBe(
      expected,
    );
  });

  it('says "failures" for objectives without a noun of their own', () => {
    expect(
      formatFailures(
        sloFixture({
          objective: 'success-rate',
          target: 1,
          errorBudget: { total: 0, consumed: 2, remaining: 0, unit: 'runs' },
        }),
      ),
    ).toBe('2 failures');
  });
});
