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
  UnavailablePart,
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
import { awsFailureOf } from './awsErrors';
import { PageDeadline } from './pageDeadline';
import { describeStaleness } from './staleness';

type CacheValue = Parameters<CacheService['set']>[1];

interface CachedOperations {
  fetchedAt: number;
  response: OperationsResponse;
}

/** Long enough for one retried AWS call, short enough that nobody gives up on the tab. */
const DEFAULT_PAGE_DEADLINE_MS = 10_000;

/** The service a part reads, for the page deadline's message. */
const PART_SERVICES: Record<UnavailablePart['part'], string> = {
  slos: 'CloudWatch',
  'application-signals-slos': 'Application Signals',
  alarms: 'CloudWatch',
  changes: 'the change history',
  triage: 'CloudWatch and Lambda',
};

const PART_ORDER = Object.keys(PART_SERVICES);

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
  failures: PartFailure[];
}

/** A part that could not be read, and the service that failed it. */
interface PartFailure {
  unavailable: UnavailablePart;
  service: string;
}

/**
 * The parts whose failure on every function leaves no SLO to show: then the last good
 * answer, SLOs and all, is worth more than what did answer.
 */
const SLO_PARTS: ReadonlySet<UnavailablePart['part']> = new Set([
  'slos',
  'application-signals-slos',
]);

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
  readonly #pageDeadlineMs: number;
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
    /** Longest the AWS reads of one page may take; what is not read by then is marked so. */
    pageDeadlineMs?: number;
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
    this.#pageDeadlineMs = options.pageDeadlineMs ?? DEFAULT_PAGE_DEADLINE_MS;
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

    const deadline = new PageDeadline(this.#pageDeadlineMs);
    const [parts, runbook] = await Promise.all([
      deadline.run(() =>
        Promise.all(
          settings.functions.map(fn =>
            this.#functionOperations(fn, settings, now, deadline),
          ),
        ),
      ),
      this.#readRunbook(entity, settings.runbook),
    ]).finally(() => deadline.clear());
    const slos = parts.flatMap(part => part.slos);
    const failures = parts.flatMap(part => part.failures);
    const unavailable = failures.map(failure => failure.unavailable);
    if (unavailable.length > 0) {
      this.#logger.warn(
        `AWS failed for ${entityRef}: ${unavailable
          .map(u => `${u.functionName} ${u.part}: ${u.message}`)
          .join('; ')}`,
      );
      const failedSlos = failures.filter(failure =>
        SLO_PARTS.has(failure.unavailable.part),
      );
      // One failing part leaves the rest of the fresh page; only when no SLO could be read
      // at all is the last good answer worth more.
      if (failedSlos.length === settings.functions.length * SLO_PARTS.size) {
        if (cached) {
          return this.#markStale(cached, failedSlos);
        }
        throw new ServiceUnavailableError(
          `AWS could not be read for ${entityRef} and there is no earlier answer to show: ${[
            ...new Set(failedSlos.map(f => f.unavailable.message)),
          ].join('; ')}`,
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
        ...unavailable.map(toAwsProblem),
      ],
      dataLag: mostLagging(parts.map(part => part.dataLag)),
      unavailable,
      staleCause: null,
    };
    // Only a whole page is kept as the answer to fall back on.
    if (unavailable.length === 0) {
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
    deadline: PageDeadline,
  ): Promise<FunctionOperations> {
    const failures: PartFailure[] = [];
    /** Runs a part on its own, within the page's deadline: its failure is recorded, the rest of the tab goes on. */
    const settle = async <T>(
      part: UnavailablePart['part'],
      read: Promise<T>,
      fallback: T,
    ): Promise<T> => {
      try {
        return await deadline.race(read, PART_SERVICES[part]);
      } catch (error) {
        const { cause, service } = awsFailureOf(error);
        failures.push({
          unavailable: {
            part,
            functionName: fn.name,
            cause,
            message: (error as Error).message,
          },
          service,
        });
        return fallback;
      }
    };
    const since = new Date(now.getTime() - CHANGE_HISTORY_MS);
    // CloudWatch, Application Signals and the Lambda API answer independently: one
    // failing leaves the others' parts on the page. The triage's metrics come in the SLOs'
    // GetMetricData call, whether or not an incident then needs them.
    const [computed, imported, alarms, changeEvents, ciMarkers] =
      await Promise.all([
        settle(
          'slos',
          this.#slos.computeSlos(
            fn,
            settings,
            now,
            this.#triage.saturationQueries(fn, settings),
          ),
          { slos: [], dataLag: null, alongside: new Map(), problems: [] },
        ),
        settle(
          'application-signals-slos',
          this.#applicationSignals.getSlos(
            fn,
            settings.applicationSignalsSlos,
            now,
          ),
          { slos: [], problems: [] },
        ),
        settle(
          'alarms',
          this.#alarms.getAlarms(fn, { alarmPrefix: settings.alarmPrefix }),
          [],
        ),
        settle(
          'changes',
          this.#changeEvents.listChangeEvents(fn, {
            start: since,
            end: now,
          }),
          [],
        ),
        settle(
          'changes',
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
      'triage',
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
      // In the order of the tab, not of which failed first.
      failures: failures.sort(
        (a, b) =>
          PART_ORDER.indexOf(a.unavailable.part) -
          PART_ORDER.indexOf(b.unavailable.part),
      ),
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

  #markStale(
    cached: CachedOperations,
    failures: PartFailure[],
  ): OperationsResponse {
    this.#metrics.staleAnswer();
    const minutesOld = Math.max(
      0,
      Math.round((this.#now().getTime() - cached.fetchedAt) / 60_000),
    );
    const staleCause = describeStaleness(
      minutesOld,
      failures.map(({ service, unavailable }) => ({
        service,
        cause: unavailable.cause,
      })),
    );
    return {
      ...cached.response,
      stale: true,
      staleCause,
      problems: [
        ...cached.response.problems,
        ...failures.map(failure => toAwsProblem(failure.unavailable)),
        { code: 'stale-data', message: staleCause.message },
      ],
    };
  }
}

function operationsCacheKey(entityRef: string): string {
  return `operations:v1:${entityRef}`;
}

function toAwsProblem(failure: UnavailablePart): Problem {
  return { code: 'aws-error', message: failure.message };
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
        const { cacheTtlMs, staleTtlMs, pageDeadlineMs } =
          readLambdaOpsConfig(config);
        return new OperationsService({
          ...services,
          cache: resilientCache(cache, services.logger),
          ttlMs: cacheTtlMs,
          staleTtlMs,
          pageDeadlineMs,
        });
      },
    }),
});
