import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  SignalsService,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import {
  entitiesWithChangedStatus,
  EntitySignalMessage,
  entitySignalChannel,
} from '@lambda-ops/backstage-plugin-common';
import type {
  FleetRefreshedEvent,
  FleetRefreshListener,
} from '../fleet/FleetRefreshListener';

/**
 * Tells open Operations tabs that their entity changed, so they load it again: when a
 * deploy marker lands and when a refresh changes the entity's status. A message names
 * only what changed, never figures: the tab reads those with the viewer's permissions.
 * Without the signals backend the messages go nowhere, and tabs refresh when reopened.
 *
 * @public
 */
export class EntitySignals implements FleetRefreshListener {
  readonly #signals: Pick<SignalsService, 'publish'>;
  readonly #logger: LoggerService;

  constructor(options: {
    signals: Pick<SignalsService, 'publish'>;
    logger: LoggerService;
  }) {
    this.#signals = options.signals;
    this.#logger = options.logger;
  }

  /** Tells the tabs of an entity that it changed; a failure is only logged. */
  async changed(
    entityRef: string,
    reason: EntitySignalMessage['reason'],
  ): Promise<void> {
    try {
      await this.#signals.publish<EntitySignalMessage>({
        recipients: { type: 'broadcast' },
        channel: entitySignalChannel(entityRef),
        message: { reason },
      });
    } catch (error) {
      this.#logger.warn(
        `Could not signal that ${entityRef} changed: ${
          (error as Error).message
        }`,
      );
    }
  }

  async onFleetRefreshed({
    previousStatuses,
    current,
  }: FleetRefreshedEvent): Promise<void> {
    for (const entityRef of entitiesWithChangedStatus(
      previousStatuses,
      current,
    )) {
      await this.changed(entityRef, 'status');
    }
  }
}

/** @public */
export const entitySignalsServiceRef = createServiceRef<EntitySignals>({
  id: 'lambda-ops.entity-signals',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { signals: signalsServiceRef, logger: coreServices.logger },
      factory: deps => new EntitySignals(deps),
    }),
});
