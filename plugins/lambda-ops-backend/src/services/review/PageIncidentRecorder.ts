import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  completedMonths,
  PageIncident,
  pageIncidentChanges,
} from '@lambda-ops/backstage-plugin-common';
import type {
  FleetRefreshedEvent,
  FleetRefreshListener,
} from '../fleet/FleetRefreshListener';
import {
  PageIncidentStore,
  pageIncidentStoreServiceRef,
} from './PageIncidentStore';
import { REVIEW_MONTHS } from './SloAttainmentRecorder';

/**
 * Records the page incidents of each entity as the collector sees them, for the SLO
 * review: after each refresh, a page alarm that entered ALARM starts an incident and one
 * that left it ends its incident (the rules of `pageIncidentChanges`). The history starts
 * when the plugin is installed; an incident that began and ended between two refreshes
 * is not seen. An entity gone from the fleet ends its open incidents at that refresh, and
 * incidents that ended before the review's oldest month are forgotten.
 *
 * @public
 */
export class PageIncidentRecorder implements FleetRefreshListener {
  readonly #store: PageIncidentStore;

  constructor(options: { store: PageIncidentStore }) {
    this.#store = options.store;
  }

  async onFleetRefreshed({
    snapshotAt,
    current,
  }: FleetRefreshedEvent): Promise<void> {
    const open = new Map<string, PageIncident[]>();
    for (const incident of await this.#store.readOpen()) {
      if (!open.get(incident.entityRef)?.push(incident)) {
        open.set(incident.entityRef, [incident]);
      }
    }
    for (const snapshot of current) {
      const { started, ended } = pageIncidentChanges(
        snapshot,
        open.get(snapshot.entityRef) ?? [],
        snapshotAt,
      );
      for (const { incident, end } of ended) {
        await this.#store.end(incident, end);
      }
      await this.#store.start(started);
      open.delete(snapshot.entityRef);
    }
    for (const incident of [...open.values()].flat()) {
      await this.#store.end(incident, snapshotAt.toISOString());
    }
    const [oldest] = completedMonths(snapshotAt, REVIEW_MONTHS);
    await this.#store.deleteEndedBefore(new Date(oldest.start));
  }
}

/** @public */
export const pageIncidentRecorderServiceRef =
  createServiceRef<PageIncidentRecorder>({
    id: 'lambda-ops.page-incident-recorder',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { store: pageIncidentStoreServiceRef },
        factory: deps => new PageIncidentRecorder(deps),
      }),
  });
