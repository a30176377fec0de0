import { deployMarker } from '../__testUtils__/deployMarker';
import type { DeployMarker } from '../types';
import { changeBefore, deployBeforeBurn } from './changeBefore';

function change(overrides: Partial<DeployMarker> = {}): DeployMarker {
  return deployMarker({
    id: 'gh-run-4242-1',
    changeSummary: 'orders-api v42: new payment client',
    ...overrides,
  });
}

describe('deployBeforeBurn', () => {
  const burn = '2026-11-28T12:00:00Z';

  it.each([
    ['a deploy 40 minutes and 59 seconds before', '2026-11-28T11:19:01Z', 40],
    ['a deploy at the moment the burn began', '2026-11-28T12:00:00Z', 0],
    ['a deploy exactly 60 minutes before', '2026-11-28T11:00:00Z', 60],
  ])('finds %s, in whole minutes rounded down', (_name, ts, minutes) => {
    expect(deployBeforeBurn([change({ ts })], burn)).toEqual({
      deployMarkerId: 'gh-run-4242-1',
      changeSummary: 'orders-api v42: new payment client',
      minutes,
    });
  });

  it.each([
    ['more than 60 minutes before', '2026-11-28T10:59:59Z'],
    ['after the burn began', '2026-11-28T12:00:01Z'],
    ['whose time does not parse', 'yesterday'],
  ])('ignores a deploy %s', (_name, ts) => {
    expect(deployBeforeBurn([change({ ts })], burn)).toBeNull();
  });

  it('ignores a configuration change, which rolling the alias back does not undo', () => {
    const configuration = change({
      changeType: 'configuration',
      ts: '2026-11-28T11:50:00Z',
    });

    expect(deployBeforeBurn([configuration], burn)).toBeNull();
  });

  it('takes the latest deploy before the burn, in any order', () => {
    const later = change({ id: 'v42', ts: '2026-11-28T11:45:00Z' });
    const earlier = change({ id: 'v41', ts: '2026-11-28T11:10:00Z' });

    expect(deployBeforeBurn([later, earlier], burn)).toMatchObject({
      deployMarkerId: 'v42',
      minutes: 15,
    });
  });

  it('finds nothing without a burn', () => {
    expect(deployBeforeBurn([change()], null)).toBeNull();
  });
});

describe('changeBefore', () => {
  it('counts configuration changes too unless a type is asked for', () => {
    const configuration = change({
      id: 'config',
      changeType: 'configuration',
      ts: '2026-11-28T11:50:00Z',
    });
    const at = Date.parse('2026-11-28T12:00:00Z');

    expect(changeBefore([configuration], at)?.change.id).toBe('config');
    expect(changeBefore([configuration], at, 'deployment')).toBeUndefined();
  });
});
