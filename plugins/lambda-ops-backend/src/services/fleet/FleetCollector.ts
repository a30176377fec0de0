import {
  AuthService,
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  Alarm,
  DeployMarker,
  FleetEntitySnapshot,
  LAMBDA_FUNCTION_ARN_ANNOTATION,
  LAMBDA_FUNCTION_NAME_ANNOTATION,
  LambdaFunctionRef,
  LambdaOpsDefaults,
  parseLambdaOpsAnnotations,
  RunbookReachability,
  SLO_PATTERN_ANNOTATION,
  SloPattern,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../../config';
import { AlarmsService, alarmsServiceRef } from '../AlarmsService';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
  AwsLocation,
} from '../AwsClientFactory';
import {
  DeployMarkerStore,
  deployMarkerStoreServiceRef,
} from '../DeployMarkerStore';
import { RunbookService, runbookServiceRef } from '../RunbookService';
import {
  ExclusionWindowsFileReader,
  exclusionWindowsFileReaderServiceRef,
} from '../exclusions/ExclusionWindowsFileReader';
import {
  collectFleetSlos,
  FleetFunction,
  FleetSloResult,
  MetricFetchStats,
  readShortPeriods,
  ShortPeriodReads,
  SloCollectionDeps,
} from './fleetSlos';
import {
  CollectedEntity,
  FleetRefreshListener,
  tellFleetRefreshListeners,
} from './FleetRefreshListener';
import {
  FleetSnapshotStore,
  fleetSnapshotStoreServiceRef,
} from './FleetSnapshotStore';
import { createLambdaOpsMetrics, LambdaOpsMetrics } from '../telemetry';

/** Id of the scheduled fleet refresh. */
export const FLEET_REFRESH_TASK_ID = 'lambda-ops-fleet-refresh';

/** Runbook reads and alarm matches in flight at a time. */
const MAX_CONCURRENT_READS = 8;
/**
 * Locations whose short reads are in flight while a location's SLOs are worked out: a
 * location's calls take longer than the SLO math of the one before.
 */
const LOCATIONS_READ_AHEAD = 2;
/** The last deploy is looked for this far back. */
const LAST_DEPLOY_LOOKBACK_MS = 90 * 86_400_000;
const PATTERNS: readonly string[] = ['api', 'async', 'batch'];
/**
 * What a refresh reads of each entity: its ref, title, owner and annotations. A catalog's
 * entities whole (relations, specs, status) would be held, for thousands of them, until
 * the refresh's listeners are done.
 */
const COLLECTED_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
];

/** What one refresh did, for the logs and the benchmark. */
export interface FleetRefreshReport {
  snapshotAt: string;
  entities: number;
  functions: number;
  /** Entities whose AWS data could not be read. */
  unavailable: number;
  metrics: MetricFetchStats;
  /** Alarms listed, by account and region (`<account>/<region>`). */
  alarmsByLocation: Record<string, number>;
}

function locationKey(location: AwsLocation): string {
  return `${location.accountId ?? 'default'}/${location.region}`;
}

function functionKey(fn: LambdaFunctionRef): string {
  return `${locationKey(fn)}/${fn.name}:${fn.qualifier ?? ''}`;
}

/** Maps with at most `limit` calls in flight; results in input order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

/**
 * Refreshes the fleet snapshot: every Lambda-backed entity of the catalog (read with the
 * plugin's own credentials), its SLOs by the Operations tab's math, its alarms from one
 * listing per account and region, whether its runbooks can be read, and its last deploy.
 * An account or region that fails marks its entities unavailable with the reason; a
 * refresh that fails as a whole keeps the last snapshot and marks it stale.
 *
 * @public
 */
export class FleetCollector {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #clients: AwsClientFactory;
  readonly #alarms: AlarmsService;
  readonly #runbooks: RunbookService;
  readonly #exclusionFiles: ExclusionWindowsFileReader | undefined;
  readonly #deployMarkers: DeployMarkerStore;
  readonly #store: FleetSnapshotStore;
  readonly #logger: LoggerService;
  readonly #defaults: LambdaOpsDefaults;
  readonly #publishingLagMs: number;
  readonly #minEvents: number;
  readonly #now: () => Date;
  readonly #metrics: LambdaOpsMetrics;
  readonly #listeners: FleetRefreshListener[] = [];
  readonly #functionsPerChunk: number | undefined;

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    clients: AwsClientFactory;
    alarms: AlarmsService;
    runbooks: RunbookService;
    /** Reads the maintenance windows of the files entities name; none are read without it. */
    exclusionFiles?: ExclusionWindowsFileReader;
    deployMarkers: DeployMarkerStore;
    store: FleetSnapshotStore;
    logger: LoggerService;
    defaults: LambdaOpsDefaults;
    publishingLagMs: number;
    minEvents: number;
    now?: () => Date;
    metrics?: LambdaOpsMetrics;
    /**
     * How many functions a refresh reads, merges, works out and writes back together
     * (125): fewer hold less memory and make more transactions.
     */
    functionsPerChunk?: number;
  }) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#clients = options.clients;
    this.#alarms = options.alarms;
    this.#runbooks = options.runbooks;
    this.#exclusionFiles = options.exclusionFiles;
    this.#deployMarkers = options.deployMarkers;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#defaults = options.defaults;
    this.#publishingLagMs = options.publishingLagMs;
    this.#minEvents = options.minEvents;
    this.#now = options.now ?? (() => new Date());
    this.#functionsPerChunk = options.functionsPerChunk;
    this.#metrics = options.metrics ?? createLambdaOpsMetrics();
  }

  /** Adds a listener told about every refresh that replaces the snapshot. */
  addListener(listener: FleetRefreshListener): void {
    this.#listeners.push(listener);
  }

  /**
   * Runs one refresh and replaces the snapshot; on failure marks the last one stale and
   * throws.
   */
  async refresh(): Promise<FleetRefreshReport> {
    const started = performance.now();
    try {
      const report = await this.#refresh();
      this.#metrics.fleetRefresh(performance.now() - started, {
        outcome: 'success',
        rows: report.entities,
        unavailable: report.unavailable,
      });
      return report;
    } catch (error) {
      this.#metrics.fleetRefresh(performance.now() - started, {
        outcome: 'failure',
      });
      await this.#store.markStale((error as Error).message);
      throw error;
    }
  }

  async #refresh(): Promise<FleetRefreshReport> {
    const now = this.#now();
    const entities = await this.#readCatalog();
    const functions = entities.flatMap(({ settings }) =>
      settings.functions.map(fn => ({ fn, settings })),
    );

    const locations = [
      ...new Map(functions.map(({ fn }) => [locationKey(fn), fn])).values(),
    ];
    const listingFailures = new Map<string, string>();
    const alarmsByLocation: Record<string, number> = {};
    // Listed while the SLOs are worked out: its pages wait on the network, the SLO math
    // on the CPU. A failure is kept per location, so this never rejects.
    const listings = mapLimited(
      locations,
      MAX_CONCURRENT_READS,
      async location => {
        try {
          alarmsByLocation[locationKey(location)] =
            await this.#alarms.refreshListing(location);
        } catch (error) {
          listingFailures.set(locationKey(location), (error as Error).message);
        }
      },
    );

    const metrics: MetricFetchStats = { byLocation: {} };
    const seriesKeys = new Set<string>();
    const settledDayKeys = new Set<string>();
    const byFunction = new Map<
      string,
      {
        slos: FleetEntitySnapshot['slos'];
        alarms: Alarm[];
        failure: string | null;
      }
    >();
    const byLocation = new Map<string, FleetFunction[]>();
    for (const f of functions) {
      const key = locationKey(f.fn);
      if (!byLocation.get(key)?.push(f)) {
        byLocation.set(key, [f]);
      }
    }
    const sloDeps: SloCollectionDeps = {
      clients: this.#clients,
      store: this.#store,
      publishingLagMs: this.#publishingLagMs,
      minEvents: this.#minEvents,
      now,
      stats: metrics,
      seriesKeys,
      settledDayKeys,
      functionsPerChunk: this.#functionsPerChunk,
    };
    const groups = [...byLocation.values()];
    // Each location's short reads wait on CloudWatch while the SLOs of the locations
    // before it are worked out. Should one fail, the refresh fails with its error, and
    // those read ahead are not reported again as unhandled.
    const shortReads: Array<Promise<ShortPeriodReads>> = [];
    const readAhead = (g: number) => {
      if (g < groups.length) {
        shortReads[g] = readShortPeriods(groups[g], sloDeps);
        shortReads[g].catch(() => {});
      }
    };
    for (let g = 0; g < LOCATIONS_READ_AHEAD; g++) {
      readAhead(g);
    }
    const slosByFunction = new Map<string, FleetSloResult>();
    for (let g = 0; g < groups.length; g++) {
      const reads = await shortReads[g];
      readAhead(g + LOCATIONS_READ_AHEAD);
      delete shortReads[g];
      const slos = await collectFleetSlos(reads, sloDeps, shortReads[g + 1]);
      groups[g].forEach(({ fn }, j) => {
        slosByFunction.set(functionKey(fn), slos[j]);
      });
    }
    // Matched once every location's SLOs are worked out: the listing's pages came in
    // meanwhile.
    await listings;
    const alarms = await mapLimited(
      functions,
      MAX_CONCURRENT_READS,
      async ({ fn, settings }) => {
        const listingFailure = listingFailures.get(locationKey(fn));
        if (listingFailure) {
          return { alarms: [], failure: listingFailure };
        }
        try {
          return {
            alarms: await this.#alarms.getAlarms(fn, {
              alarmPrefix: settings.alarmPrefix,
              // The listing made at the refresh's start, even once a long refresh
              // outlasts the listing TTL: one listing, one point in time.
              fromRefreshedListing: true,
            }),
            failure: null,
          };
        } catch (error) {
          return { alarms: [], failure: (error as Error).message };
        }
      },
    );
    const sloFailures: Array<string | null> = [];
    functions.forEach(({ fn }, i) => {
      const slos = slosByFunction.get(functionKey(fn))!;
      sloFailures.push(slos.unavailableReason);
      byFunction.set(functionKey(fn), {
        slos: slos.slos,
        alarms: alarms[i].alarms,
        failure: slos.unavailableReason ?? alarms[i].failure,
      });
    });
    if (
      sloFailures.length > 0 &&
      sloFailures.every(failure => failure !== null)
    ) {
      // As on the Operations tab: with no SLO read anywhere, rows of nothing but "unknown"
      // would hide the last figures the on-call view had.
      throw new Error(
        `No SLO could be read for any function, so the fleet views keep the last snapshot: ${[
          ...new Set(sloFailures),
        ]
          .slice(0, 3)
          .join('; ')}`,
      );
    }
    // Series of functions gone from the catalog would otherwise stay forever, as would
    // the days settled with settings since changed.
    await this.#store.pruneSeries(seriesKeys);
    await this.#store.pruneSettledDays(settledDayKeys);

    const runbookChecks = new Map<string, Promise<RunbookReachability>>();
    const lastDeploys = await this.#deployMarkers.newestOfEach(
      entities.map(({ settings }) =>
        settings.functions.map(fn => ({ name: fn.name, env: fn.qualifier })),
      ),
      { since: new Date(now.getTime() - LAST_DEPLOY_LOOKBACK_MS) },
    );
    const snapshots = await mapLimited(
      entities.map((collected, i) => ({
        collected,
        lastDeploy: lastDeploys[i],
      })),
      MAX_CONCURRENT_READS,
      async ({ collected, lastDeploy }) =>
        this.#entitySnapshot(
          collected,
          { byFunction, runbookChecks, lastDeploy },
          now,
        ),
    );
    const previousStatuses =
      this.#listeners.length > 0 ? await this.#store.readStatuses() : new Map();
    await this.#store.replaceSnapshot(snapshots, now);
    await tellFleetRefreshListeners(
      this.#listeners,
      {
        snapshotAt: now,
        previousStatuses,
        current: snapshots,
        collected: entities,
      },
      this.#logger,
    );
    const report: FleetRefreshReport = {
      snapshotAt: now.toISOString(),
      entities: snapshots.length,
      functions: functions.length,
      unavailable: snapshots.filter(s => s.unavailableReason !== null).length,
      metrics,
      alarmsByLocation,
    };
    const queries = Object.values(metrics.byLocation).reduce(
      (total, counts) => total + counts.queries,
      0,
    );
    this.#logger.info(
      `Fleet refresh: ${report.entities} entities, ${report.functions} functions, ${report.unavailable} unavailable, ${queries} metric queries`,
    );
    return report;
  }

  async #readCatalog(): Promise<CollectedEntity[]> {
    const credentials = await this.#auth.getOwnServiceCredentials();
    const { items } = await this.#catalog.getEntities(
      {
        filter: [
          {
            [`metadata.annotations.${LAMBDA_FUNCTION_NAME_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            [`metadata.annotations.${LAMBDA_FUNCTION_ARN_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: COLLECTED_FIELDS,
      },
      { credentials },
    );
    return mapLimited(items, MAX_CONCURRENT_READS, async entity => {
      const settings = parseLambdaOpsAnnotations(entity, this.#defaults);
      return {
        entity,
        entityRef: stringifyEntityRef(entity),
        settings: this.#exclusionFiles
          ? await this.#exclusionFiles.withFileWindows(entity, settings)
          : settings,
      };
    });
  }

  async #entitySnapshot(
    { entity, entityRef, settings }: CollectedEntity,
    collected: {
      byFunction: Map<
        string,
        {
          slos: FleetEntitySnapshot['slos'];
          alarms: Alarm[];
          failure: string | null;
        }
      >;
      runbookChecks: Map<string, Promise<RunbookReachability>>;
      lastDeploy: DeployMarker | null;
    },
    now: Date,
  ): Promise<FleetEntitySnapshot> {
    const { byFunction, runbookChecks, lastDeploy } = collected;
    const parts = settings.functions.map(
      fn => byFunction.get(functionKey(fn))!,
    );
    const alarms = parts.flatMap(part => part.alarms);
    const check = (link: string) => {
      // Relative runbook paths depend on the entity's location; URLs do not.
      const key = /^https?:/i.test(link) ? link : `${entityRef} ${link}`;
      let reachability = runbookChecks.get(key);
      if (!reachability) {
        reachability = this.#runbooks.checkRunbook(entity, link);
        runbookChecks.set(key, reachability);
      }
      return reachability;
    };
    const alarmRunbookUrls = [
      ...new Set(alarms.flatMap(alarm => alarm.runbookUrl ?? [])),
    ];
    const [alarmRunbooks, runbook] = await Promise.all([
      Promise.all(alarmRunbookUrls.map(check)),
      settings.runbook
        ? check(settings.runbook).then(reachability => ({
            ...reachability,
            annotation: settings.runbook!,
          }))
        : Promise.resolve(null),
    ]);
    const declared = entity.metadata.annotations?.[SLO_PATTERN_ANNOTATION];
    return {
      entityRef,
      title: entity.metadata.title ?? entity.metadata.name,
      owner: ownerRef(entity),
      collectedAt: now.toISOString(),
      unavailableReason:
        parts.map(part => part.failure).find(failure => failure) ?? null,
      pattern:
        declared && PATTERNS.includes(declared)
          ? (declared as SloPattern)
          : null,
      slos: parts.flatMap(part => part.slos),
      alarms,
      alarmRunbooks,
      runbook,
      lastDeploy,
      rollback: null,
      problems: settings.problems,
    };
  }
}

/** The owner as a full ref (`group:default/payments`); empty when the entity has none. */
function ownerRef(entity: Entity): string {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || owner === '') {
    return '';
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return owner;
  }
}

/** @public */
export const fleetCollectorServiceRef = createServiceRef<FleetCollector>({
  id: 'lambda-ops.fleet-collector',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        clients: awsClientFactoryServiceRef,
        alarms: alarmsServiceRef,
        runbooks: runbookServiceRef,
        exclusionFiles: exclusionWindowsFileReaderServiceRef,
        deployMarkers: deployMarkerStoreServiceRef,
        store: fleetSnapshotStoreServiceRef,
      },
      factory: ({ config, ...services }) => {
        const { defaults, publishingLagMs, minEvents } =
          readLambdaOpsConfig(config);
        return new FleetCollector({
          ...services,
          defaults,
          publishingLagMs,
          minEvents,
        });
      },
    }),
});

/**
 * Schedules the fleet refresh: one runner at a time across the backend's replicas.
 *
 * @param options - where to schedule, what to run, and the configured schedule
 */
export async function scheduleFleetRefresh(options: {
  scheduler: SchedulerService;
  collector: FleetCollector;
  logger: LoggerService;
  schedule: SchedulerServiceTaskScheduleDefinition;
}): Promise<void> {
  const { scheduler, collector, logger, schedule } = options;
  await scheduler.scheduleTask({
    id: FLEET_REFRESH_TASK_ID,
    ...schedule,
    fn: async () => {
      try {
        await collector.refresh();
      } catch (error) {
        logger.warn(
          `Fleet refresh failed; the fleet views show the last snapshot, marked stale: ${
            (error as Error).message
          }`,
        );
      }
    },
  });
}
