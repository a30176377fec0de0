import { sloFixture } from '../__fixtures__/operations';
import { formatFailures, isZeroTolerance } from './zeroTolerance';

const failedDeliveries = (consumed: number, remaining: number | null) =>
  sloFixture({
    objective: 'failed-deliveries',
    target: 1,
    errorBudget: { total: 0, consumed, remaining, unit: 'events' },
  });

describe('isZeroTolerance', () => {
  it('is true for a target of 1 and false for any target below it', () => {
    expect(isZeroTolerance(failedDeliveries(0, 1))).toBe(true);
    expect(isZeroTolerance(sloFixture({ target: 0.999 }))).toBe(false);
  });
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
