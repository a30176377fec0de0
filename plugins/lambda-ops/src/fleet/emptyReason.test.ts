import { onCallFixture } from '../__fixtures__/fleet';
import { onCallEmptyReason } from './emptyReason';

describe('onCallEmptyReason', () => {
  it('says nothing while there are rows', () => {
    expect(onCallEmptyReason(onCallFixture())).toBeUndefined();
  });

  it('says the first refresh has not ended when there is no snapshot', () => {
    expect(
      onCallEmptyReason(onCallFixture({ snapshotAt: null, rows: [] })),
    ).toMatch(/has not finished its first refresh/);
  });

  it('says a user in no group has nothing to be on call for', () => {
    expect(onCallEmptyReason(onCallFixture({ owners: [], rows: [] }))).toBe(
      'You belong to no group, so there is nothing to be on call for: choose an owner.',
    );
  });

  it.each([
    [['group:default/nobody'], 'group:default/nobody own'],
    [
      ['user:default/guest', 'group:default/a', 'group:default/b'],
      'user:default/guest, group:default/a and group:default/b own',
    ],
  ])('names the owners that own nothing readable (%j)', (owners, start) => {
    expect(onCallEmptyReason(onCallFixture({ owners, rows: [] }))).toBe(
      `${start} no Lambda-backed entities that you may read.`,
    );
  });
});
