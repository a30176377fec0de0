import { onCallFixture } from '../__fixtures__/fleet';
import { emptyReasonOf } from './emptyReason';

describe('emptyReasonOf', () => {
  it('says nothing while there are rows', () => {
    expect(emptyReasonOf(onCallFixture(), 3)).toBeUndefined();
  });

  it('gives the reason of the reply word for word', () => {
    const reason =
      'user:default/guest belongs to no group in the catalog and owns no Lambda-backed entity: choose an owner, e.g. owner=group:default/payments';
    expect(
      emptyReasonOf(onCallFixture({ rows: [], emptyReason: reason }), 0),
    ).toBe(reason);
  });

  it('still says the view is empty when the reply gives no reason', () => {
    expect(emptyReasonOf(onCallFixture({ emptyReason: null }), 0)).toBe(
      'No Lambda-backed services to show.',
    );
    expect(emptyReasonOf(onCallFixture({ rows: [] }), 0)).toBe(
      'No Lambda-backed services to show.',
    );
  });
});
