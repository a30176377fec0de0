import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  NotificationService,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  OwnerNotification,
  ownerConditionChanges,
} from '@lambda-ops/backstage-plugin-common';
import type {
  FleetRefreshedEvent,
  FleetRefreshListener,
} from '../fleet/FleetRefreshListener';
import {
  OwnerConditionStore,
  ownerConditionStoreServiceRef,
} from './OwnerConditionStore';

/** The topic users filter Lambda Ops notifications by in their settings. */
const NOTIFICATION_TOPIC = 'Lambda Ops';

/**
 * Tells an entity's owner, through Backstage notifications, what began with a fleet
 * refresh: the entity started paging, an error budget dropped below a threshold, alarms
 * without a runbook appeared. The notification goes to the entity, which the
 * notifications backend resolves to its owner. A condition is stored before it is
 * announced, by the one writer that stores it first, and released when the sending
 * fails, so the next refresh tries again.
 *
 * @public
 */
export class OwnerNotifier implements FleetRefreshListener {
  readonly #notifications: NotificationService;
  readonly #conditions: OwnerConditionStore;
  readonly #logger: LoggerService;

  constructor(options: {
    notifications: NotificationService;
    conditions: OwnerConditionStore;
    logger: LoggerService;
  }) {
    this.#notifications = options.notifications;
    this.#conditions = options.conditions;
    this.#logger = options.logger;
  }

  async onFleetRefreshed({
    snapshotAt,
    current,
  }: FleetRefreshedEvent): Promise<void> {
    const stored = await this.#conditions.readAll();
    for (const snapshot of current) {
      const { entityRef } = snapshot;
      const changes = ownerConditionChanges(
        snapshot,
        stored.get(entityRef) ?? [],
      );
      await this.#conditions.release(entityRef, changes.ended);
      if (changes.began.length === 0) {
        continue;
      }
      const claimed = new Set(
        await this.#conditions.claim(entityRef, changes.began, snapshotAt),
      );
      for (const notification of changes.notifications) {
        if (notification.conditionKeys.some(key => claimed.has(key))) {
          await this.#send(notification);
        }
      }
    }
    await this.#conditions.releaseAllBut(
      new Set(current.map(snapshot => snapshot.entityRef)),
    );
  }

  async #send(notification: OwnerNotification): Promise<void> {
    const { entityRef, title, description, link, severity, scope } =
      notification;
    try {
      await this.#notifications.send({
        recipients: { type: 'entity', entityRef },
        payload: {
          title,
          description,
          link,
          severity,
          scope,
          topic: NOTIFICATION_TOPIC,
        },
      });
    } catch (error) {
      this.#logger.warn(
        `Could not notify the owner of ${entityRef} ("${title}"); the next refresh tries again: ${
          (error as Error).message
        }`,
      );
      await this.#conditions.release(entityRef, notification.conditionKeys);
    }
  }
}

/** @public */
export const ownerNotifierServiceRef = createServiceRef<OwnerNotifier>({
  id: 'lambda-ops.owner-notifier',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        notifications: notificationService,
        conditions: ownerConditionStoreServiceRef,
        logger: coreServices.logger,
      },
      factory: deps => new OwnerNotifier(deps),
    }),
});
