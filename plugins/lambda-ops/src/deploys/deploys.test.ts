import {
  changeEventFixture,
  deployMarkerFixture,
} from '../__fixtures__/operations';
import {
  burnStartTitle,
  changeDomId,
  changeMarkTitle,
  formatMoment,
  newestFirst,
  shortSha,
} from './deploys';

describe('shortSha', () => {
  it('keeps the first 7 characters, as git abbreviates', () => {
    expect(shortSha('3f9c2e1a7b4d5c6e8f90a1b2c3d4e5f6a7b8c9d0')).toBe(
      '3f9c2e1',
    );
    expect(shortSha('abc')).toBe('abc');
  });
});

describe('changeDomId', () => {
  it('keeps a plain id readable', () => {
    expect(changeDomId('gh-run-4242-1')).toBe(
      'lambda-ops-change-gh-run-4242-1',
    );
  });

  it('escapes every other character, so different ids never share a DOM id', () => {
    const ids = ['a/b', 'a_b', 'a_2f_b', 'a b', 'a:b'].map(changeDomId);

    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    }
  });
});

describe('newestFirst', () => {
  it('sorts by time, newest first, with a time that does not parse last', () => {
    const markers = [
      deployMarkerFixture({ id: 'old', ts: '2026-11-20T00:00:00Z' }),
      deployMarkerFixture({ id: 'bad', ts: 'yesterday' }),
      deployMarkerFixture({ id: 'new', ts: '2026-11-28T00:00:00Z' }),
    ];

    expect(newestFirst(markers).map(marker => marker.id)).toEqual([
      'new',
      'old',
      'bad',
    ]);
  });
});

describe('titles of the chart marks', () => {
  it('says the moment to the minute, in UTC', () => {
    expect(formatMoment('2026-11-28T09:05:30Z')).toBe('Nov 28, 09:05 UTC');
    expect(formatMoment('soon')).toBe('soon');
  });

  it('calls a deployment a deploy and a configuration change by its name', () => {
    expect(changeMarkTitle(deployMarkerFixture())).toBe(
      'Deploy: orders-api v42: new payment client at Nov 28, 11:20 UTC',
    );
    expect(changeMarkTitle(changeEventFixture())).toBe(
      'Configuration change: UpdateFunctionConfiguration: MemorySize 512 → 1024 at Nov 27, 09:00 UTC',
    );
    expect(burnStartTitle('2026-11-28T11:20:00Z')).toBe(
      'Burn started at Nov 28, 11:20 UTC',
    );
  });
});
