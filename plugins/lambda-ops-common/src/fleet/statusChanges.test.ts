import { alarm, slo, snapshot } from './__fixtures__/snapshots';
import { entityFleetStatus } from './onCall';
import { entitiesWithChangedStatus } from './statusChanges';

describe('entitiesWithChangedStatus', () => {
  const healthy = snapshot();
  const paging = snapshot({ alarms: [alarm('errors', { state: 'ALARM' })] });
  const other = snapshot({ entityRef: 'component:default/billing' });
  const statusesOf = (...snapshots: ReturnType<typeof snapshot>[]) =>
    new Map(snapshots.map(s => [s.entityRef, entityFleetStatus(s)]));

  it('names the entities whose status moved, and new ones', () => {
    expect(
      entitiesWithChangedStatus(statusesOf(healthy), [paging, other]),
    ).toEqual(['component:default/orders-api', 'component:default/billing']);
  });

  it('names none when only figures moved within the same status', () => {
    expect(
      entitiesWithChangedStatus(statusesOf(healthy), [
        snapshot({ slos: [slo({ remaining: 0.9 })] }),
      ]),
    ).toEqual([]);
  });
});
