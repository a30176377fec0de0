import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  completedMonths,
  sloMonthFigures,
  SloMonthRecord,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../../config';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
} from '../AwsClientFactory';
import type {
  FleetRefreshedEvent,
  FleetRefreshListener,
} from '../fleet/FleetRefreshListener';
import { evaluateMonth } from './monthlySloFetch';
import {
  SloAttainmentStore,
  sloAttainmentStoreServiceRef,
} from './SloAttainmentStore';

/** Months the SLO review shows, and so the months kept. */
export const REVIEW_MONTHS = 3;

/**
 * A month is computed this long after it ends, once CloudWatch has published its last
 * minutes (it publishes Lambda metrics a few minutes late).
 */
const MONTH_SETTLE_MS = 60 * 60_000;

/** Entities evaluated together: their months are read in shared GetMetricData calls. */
const ENTITIES_PER_BATCH = 50;
/**
 * Entity months a refresh computes at most; the others wait for the refreshes after it.
 * The next refresh, the one that keeps the on-call view current, starts only once this
 * one's listeners are done: filling in 10,000 functions' three months at once held it up
 * for about nine minutes, a thousand entity months take a few seconds.
 */
const DEFAULT_ENTITY_MONTHS_PER_REFRESH = 1_000;

/**
 * Keeps each SLO's attainment per completed calendar month (UTC), after each fleet
 * refresh. A month is computed once, at the first refresh after it ends, from its own
 * GetMetricData read over exactly that month: the collector's rolling 30 days never hold
 * a 31-day month, nor the month's first days once it is over. The first refresh also
 * fills in the months before it (the last three), as far back as CloudWatch keeps data.
 * A refresh computes at most a thousand entity months, the newest month first; the
 * refreshes after it go on where it stopped. An entity month that could not be read is
 * tried again after the others, so that an account that keeps failing holds none of them
 * back. Once every month is kept, a refresh only checks which months are kept, one
 * database read.
 *
 * @public
 */
export class SloAttainmentRecorder implements FleetRefreshListener {
  readonly #clients: AwsClientFactory;
  readonly #store: SloAttainmentStore;
  readonly #logger: LoggerService;
  readonly #minEvents: number;
  readonly #entityMonthsPerRefresh: number;
  /** Entity months (`entityRef\nmonth`) whose last read failed, tried after the others. */
  readonly #failedLately = new Set<string>();

  constructor(options: {
    clients: AwsClientFactory;
    store: SloAttainmentStore;
    logger: LoggerService;
    minEvents: number;
    /** Entity months a refresh computes at most (1,000). */
    entityMonthsPerRefresh?: number;
  }) {
    this.#clients = options.clients;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#minEvents = options.minEvents;
    this.#entityMonthsPerRefresh =
      options.entityMonthsPerRefresh ?? DEFAULT_ENTITY_MONTHS_PER_REFRESH;
  }

  async onFleetRefreshed({
    snapshotAt: at,
    current,
    collected,
  }: FleetRefreshedEvent): Promise<void> {
    const entities = collected.map((entity, i) => ({
      ...entity,
      snapshot: current[i],
    }));
    const months = completedMonths(
      at.getTime() - MONTH_SETTLE_MS,
      REVIEW_MONTHS,
    );
    const kept = await this.#store.recordedMonths(months.map(m => m.month));
    // Months the review no longer shows are not read again.
    for (const key of this.#failedLately) {
      if (!months.some(({ month }) => key.endsWith(`\n${month}`))) {
        this.#failedLately.delete(key);
      }
    }
    const readable = entities.filter(
      e =>
        e.settings.functions.length > 0 &&
        e.snapshot.unavailableReason === null,
    );
    let recorded = 0;
    let budget = this.#entityMonthsPerRefresh;
    let left = 0;
    // The newest month first: the one the review is read for most.
    for (const month of [...months].reverse()) {
      const keyOf = (e: { entityRef: string }) =>
        `${e.entityRef}\n${month.month}`;
      const missing = readable.filter(e => !kept.has(keyOf(e)));
      const computed = [
        ...missing.filter(e => !this.#failedLately.has(keyOf(e))),
        ...missing.filter(e => this.#failedLately.has(keyOf(e))),
      ].slice(0, budget);
      budget -= computed.length;
      left += missing.length - computed.length;
      for (let i = 0; i < computed.length; i += ENTITIES_PER_BATCH) {
        const batch = computed.slice(i, i + ENTITIES_PER_BATCH);
        const functions = batch.flatMap(e =>
          e.settings.functions.map(fn => ({ fn, settings: e.settings })),
        );
        const results = await evaluateMonth(functions, month, {
          clients: this.#clients,
          now: at,
          minEvents: this.#minEvents,
        });
        const owners = batch.flatMap(e => e.settings.functions.map(() => e));
        // An entity's month is kept whole or not at all: each of its functions read.
        const failures = new Map<string, string>();
        results.forEach((result, j) => {
          if ('failure' in result) {
            failures.set(owners[j].entityRef, result.failure);
          }
        });
        const records: SloMonthRecord[] = results.flatMap((result, j) =>
          'slos' in result && !failures.has(owners[j].entityRef)
            ? result.slos.map(slo => ({
                entityRef: owners[j].entityRef,
                sloId: slo.id,
                objective: slo.objective,
                month: month.month,
                ...sloMonthFigures(slo),
              }))
            : [],
        );
        for (const e of batch) {
          if (failures.has(e.entityRef)) {
            this.#failedLately.add(keyOf(e));
          } else {
            this.#failedLately.delete(keyOf(e));
          }
        }
        if (failures.size > 0) {
          // Left for the next refreshes; the other entities go on.
          this.#logger.warn(
            `SLO review: could not read ${month.month} of ${[
              ...failures.keys(),
            ].join(', ')}: ${[...new Set(failures.values())].join('; ')}`,
          );
        }
        await this.#store.upsert(records, at);
        recorded += records.length;
      }
    }
    if (recorded > 0) {
      this.#logger.info(
        `SLO review: recorded ${recorded} SLO months of ${months
          .map(m => m.month)
          .join(', ')}${
          left > 0
            ? `; ${left} entity months are left for the next refreshes`
            : ''
        }`,
      );
    }
  }
}

/** @public */
export const sloAttainmentRecorderServiceRef =
  createServiceRef<SloAttainmentRecorder>({
    id: 'lambda-ops.slo-attainment-recorder',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          clients: awsClientFactoryServiceRef,
          store: sloAttainmentStoreServiceRef,
        },
        factory: ({ config, ...services }) =>
          new SloAttainmentRecorder({
            ...services,
            minEvents: readLambdaOpsConfig(config).minEvents,
          }),
      }),
  });
