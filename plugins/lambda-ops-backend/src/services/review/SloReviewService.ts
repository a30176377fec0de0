import {
  BackstageCredentials,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  buildSloReviewRows,
  classifySloMonth,
  completedMonths,
  PageIncident,
  parseCalendarMonth,
  SloReviewDeploy,
  SloReviewResponse,
} from '@lambda-ops/backstage-plugin-common';
import {
  DeployMarkerService,
  deployMarkerServiceRef,
} from '../DeployMarkerService';
import {
  FleetViewQuery,
  FleetViewsService,
  fleetViewsServiceRef,
} from '../fleet/FleetViewsService';
import {
  PageIncidentStore,
  pageIncidentStoreServiceRef,
} from './PageIncidentStore';
import { REVIEW_MONTHS } from './SloAttainmentRecorder';
import {
  SloAttainmentStore,
  sloAttainmentStoreServiceRef,
} from './SloAttainmentStore';

/** Deploys listed for a missed month at most; a month with more is not a review's case. */
const MAX_DEPLOYS = 200;

/**
 * The SLO review: the kept monthly figures of the owners' entities that the caller may
 * read, judged by the rules of lambda-ops-common, with the deploys (read with the
 * caller's credentials) and the recorded page incidents of the missed months. Nothing
 * here calls AWS.
 *
 * @public
 */
export class SloReviewService {
  readonly #fleetViews: FleetViewsService;
  readonly #store: SloAttainmentStore;
  readonly #deployMarkers: DeployMarkerService;
  readonly #incidents: PageIncidentStore;
  readonly #now: () => Date;

  constructor(options: {
    fleetViews: FleetViewsService;
    store: SloAttainmentStore;
    deployMarkers: DeployMarkerService;
    incidents: PageIncidentStore;
    now?: () => Date;
  }) {
    this.#fleetViews = options.fleetViews;
    this.#store = options.store;
    this.#deployMarkers = options.deployMarkers;
    this.#incidents = options.incidents;
    this.#now = options.now ?? (() => new Date());
  }

  async getReview(
    query: FleetViewQuery,
    credentials: BackstageCredentials,
  ): Promise<SloReviewResponse> {
    const months = completedMonths(this.#now(), REVIEW_MONTHS);
    const { owners, entities, emptyReason } =
      await this.#fleetViews.selectEntities(query, credentials);
    const records = await this.#store.read(
      entities.map(e => e.entityRef),
      months.map(m => m.month),
    );
    const missedMonths = new Map<string, string[]>();
    for (const record of records) {
      if (classifySloMonth(record) === 'missed') {
        const missed = missedMonths.get(record.entityRef) ?? [];
        missedMonths.set(record.entityRef, [...missed, record.month]);
      }
    }
    const deploys = new Map<string, SloReviewDeploy[]>();
    const incidents = new Map<string, PageIncident[]>();
    await Promise.all(
      [...missedMonths].map(async ([entityRef, missed]) => {
        const spans = missed.map(month => parseCalendarMonth(month)!);
        const since = new Date(Math.min(...spans.map(span => span.start)));
        const until = new Date(Math.max(...spans.map(span => span.end)));
        incidents.set(
          entityRef,
          await this.#incidents.readOverlapping([entityRef], since, until),
        );
        const page = await this.#deployMarkers.listForEntity(
          parseEntityRef(entityRef),
          { since, until: new Date(until.getTime() - 1), limit: MAX_DEPLOYS },
          credentials,
        );
        deploys.set(
          entityRef,
          page.items.map(marker => ({
            ts: marker.ts,
            env: marker.env,
            gitSha: marker.gitSha,
            changeSummary: marker.changeSummary,
          })),
        );
      }),
    );
    const rows = buildSloReviewRows({
      months,
      entities: entities.map(entity => ({
        entityRef: entity.entityRef,
        title: entity.title,
        owner: entity.owner,
        deploys: deploys.get(entity.entityRef) ?? [],
        incidents: incidents.get(entity.entityRef) ?? [],
      })),
      records,
    });
    return {
      owners,
      months: months.map(m => m.month),
      emptyReason:
        emptyReason ??
        (rows.length === 0
          ? `No month of ${months[0].month} to ${
              months[months.length - 1].month
            } is kept yet: each completed month is computed at the first fleet refresh after it ends`
          : null),
      rows,
    };
  }
}

/** @public */
export const sloReviewServiceRef = createServiceRef<SloReviewService>({
  id: 'lambda-ops.slo-review',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        fleetViews: fleetViewsServiceRef,
        store: sloAttainmentStoreServiceRef,
        deployMarkers: deployMarkerServiceRef,
        incidents: pageIncidentStoreServiceRef,
      },
      factory: deps => new SloReviewService(deps),
    }),
});
