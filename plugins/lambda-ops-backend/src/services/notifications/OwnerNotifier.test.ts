import { mockServices } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  Alarm,
  entityFleetStatus,
  FleetEntitySnapshot,
} from '@lambda-ops/backstage-plugin-common';
import { fleetEntity } from '../../__fixtures__/fleetSnapshots';
import {
  describeEachDatabase,
  storeDatabaseIds,
} from '../../__testUtils__/databases';
import { FleetSnapshotStore } from '../fleet/FleetSnapshotStore';
import { OwnerConditionStore } from './OwnerConditionStore';
import { OwnerNotifier } from './OwnerNotifier';

jest.setTimeout(60_000);

const ORDERS = 'component:default/orders-api';

function pageAlarm(state: Alarm['state']): Alarm {
  return {
    name: 'orders-api-errors-page',
    arn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-api-errors-page',
    type: 'metric',
    kind: 'metric',
    defects: [],
    metric: 'Errors',
    state,
    stateSince: null,
    severity: 'page',
    severitySource: 'tag',
    runbookUrl: 'https://runbooks.example.com/orders-api.md#errors',
    runbookProblem: null,
  };
}

const healthy = fleetEntity(ORDERS, 'group:default/payments', {
  alarms: [pageAlarm('OK')],
});
const paging = fleetEntity(ORDERS, 'group:default/payments', {
  alarms: [pageAlarm('ALARM')],
});

function refresh(
  previous: FleetEntitySnapshot[],
  current: FleetEntitySnapshot[],
) {
  // Notifications read the snapshots only, not the catalog entities behind them.
  return {
    snapshotAt: new Date('2026-12-02T12:00:00Z'),
    previousStatuses: new Map(
      previous.map(snapshot => [
        snapshot.entityRef,
        entityFleetStatus(snapshot),
      ]),
    ),
    current,
    collected: [],
  };
}

describeEachDatabase(storeDatabaseIds(), 'OwnerNotifier on %s', (id, dbs) => {
  async function replicas(count: number) {
    const knex = await dbs.init(id);
    const database = mockServices.database({ knex });
    const [conditions] = await Promise.all([
      OwnerConditionStore.create({ database }),
      FleetSnapshotStore.create({ database }),
    ]);
    const send = jest.fn<
      ReturnType<NotificationService['send']>,
      Parameters<NotificationService['send']>
    >(async () => {});
    const notifiers = Array.from(
      { length: count },
      () =>
        new OwnerNotifier({
          notifications: { send },
          conditions,
          logger: mockServices.logger.mock(),
        }),
    );
    return { send, notifiers };
  }

  it('sends one notification to the entity, high and linked to its tab, when a refresh sees it start paging', async () => {
    const {
      send,
      notifiers: [notifier],
    } = await replicas(1);
    await notifier.onFleetRefreshed(refresh([], [healthy]));
    expect(send).not.toHaveBeenCalled();

    await notifier.onFleetRefreshed(refresh([healthy], [paging]));
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: ORDERS },
      payload: expect.objectContaining({
        title: 'orders-api is paging',
        severity: 'high',
        link: '/catalog/default/component/orders-api/operations',
        scope: `lambda-ops:${ORDERS}:paging`,
        description: expect.stringContaining(
          'https://runbooks.example.com/orders-api.md#errors',
        ),
      }),
    });

    await notifier.onFleetRefreshed(refresh([paging], [paging]));
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('notifies again only after the entity stopped paging and started again', async () => {
    const {
      send,
      notifiers: [notifier],
    } = await replicas(1);
    await notifier.onFleetRefreshed(refresh([], [paging]));
    await notifier.onFleetRefreshed(refresh([paging], [healthy]));
    expect(send).toHaveBeenCalledTimes(1);
    await notifier.onFleetRefreshed(refresh([healthy], [paging]));
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('does not repeat a notification another replica, or the run before a restart, sent', async () => {
    const {
      send,
      notifiers: [first, second],
    } = await replicas(2);
    await Promise.all([
      first.onFleetRefreshed(refresh([healthy], [paging])),
      second.onFleetRefreshed(refresh([healthy], [paging])),
    ]);
    await second.onFleetRefreshed(refresh([healthy], [paging]));
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('tries again with the next refresh when the notifications backend failed', async () => {
    const {
      send,
      notifiers: [notifier],
    } = await replicas(1);
    send.mockRejectedValueOnce(new Error('notifications is unreachable'));
    await notifier.onFleetRefreshed(refresh([healthy], [paging]));
    await notifier.onFleetRefreshed(refresh([paging], [paging]));
    expect(send).toHaveBeenCalledTimes(2);
    await notifier.onFleetRefreshed(refresh([paging], [paging]));
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('forgets the conditions of an entity gone from the fleet, so it notifies when it returns', async () => {
    const {
      send,
      notifiers: [notifier],
    } = await replicas(1);
    await notifier.onFleetRefreshed(refresh([], [paging]));
    await notifier.onFleetRefreshed(refresh([paging], []));
    await notifier.onFleetRefreshed(refresh([], [paging]));
    expect(send).toHaveBeenCalledTimes(2);
  });
});
