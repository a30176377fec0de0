import { alarm, snapshot } from './__fixtures__/snapshots';
import { filterOnCallRows } from './filterOnCallRows';
import { toOnCallRow } from './onCall';

describe('filterOnCallRows', () => {
  const healthy = toOnCallRow(snapshot());
  const paging = toOnCallRow(
    snapshot({
      entityRef: 'component:default/checkout-api',
      title: 'checkout-api',
      alarms: [alarm('checkout-api-throttles', { state: 'ALARM' })],
    }),
  );
  const unknown = toOnCallRow(
    snapshot({
      entityRef: 'component:default/legacy-api',
      title: 'legacy-api',
      unavailableReason: 'Account 210987654321 is not configured',
    }),
  );
  // Deliberately not in any order the filter could produce by sorting.
  const rows = [unknown, healthy, paging];

  it.each([
    ['nothing is chosen', {}],
    ['the filters are empty', { statuses: [], search: '  ' }],
  ])('keeps every row, in the order given, when %s', (_what, filter) => {
    expect(filterOnCallRows(rows, filter)).toEqual(rows);
  });

  it('keeps the rows of the chosen statuses and their order', () => {
    expect(filterOnCallRows(rows, { statuses: ['ok', 'unknown'] })).toEqual([
      unknown,
      healthy,
    ]);
  });

  it.each([
    ['a title', 'CHECKOUT', [paging]],
    ['an entity ref', 'component:default/legacy', [unknown]],
    ['a firing page alarm', 'throttles', [paging]],
    ['nothing', 'no-such-service', []],
  ])('searches %s, ignoring case', (_what, search, expected) => {
    expect(filterOnCallRows(rows, { search })).toEqual(expected);
  });

  it('applies status and search together', () => {
    expect(
      filterOnCallRows(rows, { statuses: ['ok'], search: 'checkout' }),
    ).toEqual([]);
  });
});
