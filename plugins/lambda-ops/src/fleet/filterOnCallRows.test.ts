import {
  burningRow,
  onCallRowFixture,
  unknownRow,
} from '../__fixtures__/fleet';
import { filterOnCallRows } from './filterOnCallRows';

describe('filterOnCallRows', () => {
  const healthy = onCallRowFixture();
  // Deliberately not in any order the filter could produce by sorting.
  const rows = [unknownRow, healthy, burningRow];

  it('keeps every row, in the order given, when nothing is chosen', () => {
    expect(filterOnCallRows(rows, { statuses: [], search: '' })).toEqual(rows);
  });

  it('keeps the rows of the chosen statuses and their order', () => {
    expect(
      filterOnCallRows(rows, { statuses: ['ok', 'unknown'], search: '' }),
    ).toEqual([unknownRow, healthy]);
  });

  it.each([
    ['a title', 'CHECKOUT', [burningRow]],
    ['an entity ref', 'component:default/legacy', [unknownRow]],
    ['a firing alarm', 'throttles', [burningRow]],
    ['nothing', 'no-such-service', []],
  ])('searches %s, ignoring case', (_what, search, expected) => {
    expect(filterOnCallRows(rows, { statuses: [], search })).toEqual(expected);
  });

  it('applies status and search together', () => {
    expect(
      filterOnCallRows(rows, { statuses: ['ok'], search: 'checkout' }),
    ).toEqual([]);
  });
});
