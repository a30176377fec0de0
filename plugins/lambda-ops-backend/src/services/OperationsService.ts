import {
  BackstageCredentials,
  CacheService,
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import {
  Alarm,
  alarmDefects,
  DataLag,
  deployBeforeBurn,
  DeployMarker,
  LambdaFunctionRef,
  LambdaOpsEntitySettings,
  mergeChanges,
  mostLagging,
  OperationsResponse,
  Problem,
  RollbackHint,
  RunbookReference,
  RunbookResponse,
  runbookSectionProblem,
  Slo,
  TriageCheck,
} from '@lambda-ops/backstage-plugin-common';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { readLambdaOpsConfig } from '../config';
import { AlarmsService, alarmsServiceRef } from './AlarmsService';
import {
  ApplicationSignalsService,
  applicationSignalsServiceRef,
} from './ApplicationSignalsService';
import {
  ChangeEventService,
  changeEventServiceRef,
} from './ChangeEventService';
import {
  DeployMarkerStore,
  deployMarkerStoreServiceRef,
} from './DeployMarkerStore';
import { EntityResolver, entityResolverServiceRef } from './EntityResolver';
import { RunbookService, runbookServiceRef } from './RunbookService';
import { SloService, sloServiceRef } from './SloService';
import { TriageService, triageServiceRef } from './TriageService';
import { createLambdaOpsMetrics, LambdaOpsMetrics } from './telemetry';
import { resilientCache } from './resilientCache';

type CacheValue = Parameters<CacheService['set']>[1];

interface CachedOperations {
  fetchedAt: number;
  response: OperationsResponse;
}

/** The timeline shows a week of changes, at most this many CI markers a function. */
const CHANGE_HISTORY_MS = 7 * 86_400_000;
const MAX_TIMELINE_MARKERS = 200;

/** What one function contributes to the tab, and what failed on the way. */
interface FunctionOperations {
  slos: Slo[];
  dataLag: DataLag | null;
  alarms: Alarm[];
  changes: DeployMarker[];
  triage: TriageCheck[];
  rollback: RollbackHint | null;
  problems: Problem[];
  failures: Error[];
}

/** Runs a part on its own: its failure is recorded, the rest of the tab goes on. */
async function settle<T>(
  failures: Error[],
  part: Promise<T>,
  fallback: T,
): Promise<T> {
  try {
    return await part;
  } catch (error) {
    failures.push(error as Error);
    return fallback;
  }
}

/**
 * Assembles the Operations tab for one entity: SLOs, alarms with their runbooks, recent
 * changes and, while an alarm fires, the 3-minute triage. Answers are cached per entity;
 * the cache is consulted only after the caller has been shown to read the entity, and the
 * last good answer is served, marked stale, when AWS fails.
 *
 * @public
 */
export class OperationsService {
  readonly #entities: EntityResolver;
  readonly #slos: SloService;
  readonly #applicationSignals: ApplicationSignalsService;
  readonly #changeEvents: ChangeEventService;
  readonly #alarms: AlarmsService;
  readonly #triage: TriageService;
  readonly #runbooks: RunbookService;
  readonly #deployMarkers: DeployMarkerStore;
  readonly #cache: CacheService;
  readonly #logger: LoggerService;
  readonly #ttlMs: number;
  readonly #staleTtlMs: number;
  readonly #now: () => Date;
  readonly #metrics: LambdaOpsMetrics;

  constructor(options: {
    entities: EntityResolver;
    slos: SloService;
    applicationSignals: ApplicationSignalsService;
    changeEvents: ChangeEventService;
    alarms: AlarmsService;
    triage: TriageService;
    runbooks: RunbookService;
    deployMarkers: DeployMarkerStore;
    cache: CacheService;
    logger: LoggerService;
    ttlMs: number;
    staleTtlMs: number;
    now?: () => Date;
    /** Where cache hits, misses and stale answers are counted; the global meter by default. */
    metrics?: LambdaOpsMetrics;
  }) {
    this.#entities = options.entities;
    this.#slos = options.slos;
    this.#applicationSignals = options.applicationSignals;
    this.#changeEvents = options.changeEvents;
    this.#alarms = options.alarms;
    this.#triage = options.triage;
    this.#runbooks = options.runbooks;
    this.#deployMarkers = options.deployMarkers;
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#ttlMs = options.ttlMs;
    this.#staleTtlMs = options.staleTtlMs;
    this.#now = options.now ?? (() => new Date());
    this.#metrics = options.metrics ?? createLambdaOpsMetrics();
  }

  async getOperations(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<OperationsResponse> {
    const { entityRef, entity, settings } = await this.#entities.resolve(
      ref,
      credentials,
    );
    const cacheKey = operationsCacheKey(entityRef);
    const now = this.#now();
    const cached = (await this.#cache.get(cacheKey)) as
      | CachedOperations
      | undefined;
    if (cached && now.getTime() - cached.fetchedAt < this.#ttlMs) {
      this.#metrics.cacheLookup('hit');
      return cached.response;
    }
    this.#metrics.cacheLookup('miss');

    const [parts, runbook] = await Promise.all([
      Promise.all(
        settings.functions.map(fn =>
          this.#functionOperations(fn, settings, now),
        ),
      ),
      this.#readRunbook(entity, settings.runbook),
    ]);
    const failures = parts.flatMap(part => part.failures);
    const slos = parts.flatMap(part => part.slos);
    if (failures.length > 0) {
      this.#logger.warn(
        `AWS failed for ${entityRef}: ${failures
          .map(f => f.message)
          .join('; ')}`,
      );
      if (cached) {
        return this.#markStale(cached, failures);
      }
      if (slos.length === 0) {
        throw new ServiceUnavailableError(
          [...new Set(failures.map(f => f.message))].join('; '),
        );
      }
    }

    const entityRunbook = runbook.document && {
      url: runbook.document.url,
      headingIds: runbook.document.headings.map(heading => heading.id),
    };
    const response: OperationsResponse = {
      entityRef,
      generatedAt: now.toISOString(),
      stale: false,
      pattern: settings.pattern,
      functions: settings.functions,
      slos,
      alarms: parts
        .flatMap(part => part.alarms)
        .map(alarm => {
          const checked = {
            ...alarm,
            runbookProblem: runbookSectionProblem(
              alarm.runbookUrl,
              entityRunbook ?? null,
            ),
          };
          return { ...checked, defects: alarmDefects(checked) };
        }),
      deployMarkers: parts
        .flatMap(part => part.changes)
        .sort((a, b) => b.ts.localeCompare(a.ts)),
      triage: parts.flatMap(part => part.triage),
      rollback: parts.find(part => part.rollback)?.rollback ?? null,
      runbook: runbook.reference,
      problems: [
        ...settings.problems,
        ...parts.flatMap(part => part.problems),
        ...runbook.problems,
        ...failures.map(toAwsProblem),
      ],
      dataLag: mostLagging(parts.map(part => part.dataLag)),
    };
    if (failures.length === 0) {
      const entry: CachedOperations = { fetchedAt: now.getTime(), response };
      // The reply is plain JSON by construction; its interfaces just lack an index signature.
      await this.#cache.set(cacheKey, entry as unknown as CacheValue, {
        ttl: this.#staleTtlMs,
      });
    }
    return response;
  }

  /**
   * Drops the cached tab of an entity, so that a change just recorded shows at once.
   *
   * @param entityRef - the entity, as `component:default/checkout-api`
   */
  async forget(entityRef: string): Promise<void> {
    await this.#cache.delete(operationsCacheKey(entityRef));
  }

  /** The runbook as the tab shows it; reading it also finds dead alarm links into it. */
  async getRunbook(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<RunbookResponse> {
    const { entity, entityRef, settings } = await this.#entities.resolve(
      ref,
      credentials,
    );
    if (!settings.runbook) {
      throw new NotFoundError(
        `${entityRef} has no runbook: add the annotation lambda-ops/runbook, e.g. lambda-ops/runbook: ./docs/runbook.md`,
      );
    }
    return this.#runbooks.getRunbook(entity, settings.runbook);
  }

  async #functionOperations(
    fn: LambdaFunctionRef,
    settings: LambdaOpsEntitySettings,
    now: Date,
  ): Promise<FunctionOperations> {
    const failures: Error[] = [];
    const since = new Date(now.getTime() - CHANGE_HISTORY_MS);
    // CloudWatch, Application Signals and the Lambda API answer independently: one
    // failing leaves the others' parts on the page. The triage's metrics come in the SLOs'
    // GetMetricData call, whether or not an incident then needs them.
    const [computed, imported, alarms, changeEvents, ciMarkers] =
      await Promise.all([
        settle(
          failures,
          this.#slos.computeSlos(
            fn,
            settings,
            now,
            this.#triage.saturationQueries(fn, settings),
          ),
          { slos: [], dataLag: null, alongside: new Map(), problems: [] },
        ),
        settle(
          failures,
          this.#applicationSignals.getSlos(
            fn,
            settings.applicationSignalsSlos,
            now,
          ),
          { slos: [], problems: [] },
        ),
        settle(
          failures,
          this.#alarms.getAlarms(fn, { alarmPrefix: settings.alarmPrefix }),
          [],
        ),
        settle(
          failures,
          this.#changeEvents.listChangeEvents(fn, {
            start: since,
            end: now,
          }),
          [],
        ),
        settle(
          failures,
          this.#deployMarkers
            .listForFunctions(
              [{ name: fn.name, env: fn.qualifier ?? undefined }],
              { since, limit: MAX_TIMELINE_MARKERS },
            )
            .then(page => page.items),
          [],
        ),
      ]);
    const { slos, dataLag } = computed;
    const changes = mergeChanges(ciMarkers, changeEvents);
    const triage = await settle(
      failures,
      this.#triage.triage(
        fn,
        settings,
        { alarms, slos, changes },
        computed.alongside,
        now,
      ),
      { checks: [], rollback: null },
    );
    return {
      slos: [...slos, ...imported.slos].map(slo => ({
        ...slo,
        deployBeforeBurn: deployBeforeBurn(changes, slo.burningSince),
      })),
      dataLag,
      alarms,
      changes,
      triage: triage.checks,
      rollback: triage.rollback,
      problems: [...computed.problems, ...imported.problems],
      failures,
    };
  }

  async #readRunbook(
    entity: Entity,
    annotation: string | null,
  ): Promise<{
    reference: RunbookReference | null;
    document?: RunbookResponse;
    problems: Problem[];
  }> {
    if (annotation === null) {
      return { reference: null, problems: [] };
    }
    try {
      const document = await this.#runbooks.getRunbook(entity, annotation);
      return {
        reference: { annotation, url: document.url, available: true },
        document,
        problems: [],
      };
    } catch (error) {
      return {
        reference: { annotation, url: null, available: false },
        problems: [
          {
            code: 'invalid-annotation',
            annotation: 'lambda-ops/runbook',
            message: `The runbook could not be read: ${
              (error as Error).message
            }`,
          },
        ],
      };
    }
  }

  #markStale(cached: CachedOperations, failures: Error[]): OperationsResponse {
    this.#metrics.staleAnswer();
    const age = Math.round((this.#now().getTime() - cached.fetchedAt) / 60_000);
    return {
      ...cached.response,
      stale: true,
      problems: [
        ...cached.response.problems,
        ...failures.map(toAwsProblem),
        {
          code: 'stale-data',
          message: `AWS could not be reached, so this is the answer from ${age} minute(s) ago`,
        },
      ],
    };
  }
}

function operationsCacheKey(entityRef: string): string {
  return `operations:v1:${entityRef}`;
}

function toAwsProblem(error: Error): Problem {
  return { code: 'aws-error', message: error.message };
}

/** @public */
export const operationsServiceRef = createServiceRef<OperationsService>({
  id: 'lambda-ops.operations',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        cache: coreServices.cache,
        logger: coreServices.logger,
        entities: entityResolverServiceRef,
        slos: sloServiceRef,
        applicationSignals: applicationSignalsServiceRef,
        changeEvents: changeEventServiceRef,
        alarms: alarmsServiceRef,
        triage: triageServiceRef,
        runbooks: runbookServiceRef,
        deployMarkers: deployMarkerStoreServiceRef,
      },
      factory({ config, cache, ...services }) {
        const { cacheTtlMs, staleTtlMs } = readLambdaOpsConfig(config);
        return new OperationsService({
          ...services,
          cache: resilientCache(cache, services.logger),
          ttlMs: cacheTtlMs,
          staleTtlMs,
        });
      },
    }),
});
