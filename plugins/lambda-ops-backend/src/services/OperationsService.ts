import {
  BackstageCredentials,
  CacheService,
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  OperationsResponse,
  Problem,
  RunbookReference,
  Slo,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../config';
import {
  ApplicationSignalsService,
  applicationSignalsServiceRef,
} from './ApplicationSignalsService';
import { EntityResolver, entityResolverServiceRef } from './EntityResolver';
import { SloService, sloServiceRef } from './SloService';

type CacheValue = Parameters<CacheService['set']>[1];

interface CachedOperations {
  fetchedAt: number;
  response: OperationsResponse;
}

/**
 * Assembles the Operations tab for one entity. Answers are cached per entity; the cache
 * is consulted only after the caller has been shown to read the entity, and the last
 * good answer is served, marked stale, when AWS fails.
 *
 * @public
 */
export class OperationsService {
  readonly #entities: EntityResolver;
  readonly #slos: SloService;
  readonly #applicationSignals: ApplicationSignalsService;
  readonly #cache: CacheService;
  readonly #logger: LoggerService;
  readonly #ttlMs: number;
  readonly #staleTtlMs: number;
  readonly #now: () => Date;

  constructor(options: {
    entities: EntityResolver;
    slos: SloService;
    applicationSignals: ApplicationSignalsService;
    cache: CacheService;
    logger: LoggerService;
    ttlMs: number;
    staleTtlMs: number;
    now?: () => Date;
  }) {
    this.#entities = options.entities;
    this.#slos = options.slos;
    this.#applicationSignals = options.applicationSignals;
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#ttlMs = options.ttlMs;
    this.#staleTtlMs = options.staleTtlMs;
    this.#now = options.now ?? (() => new Date());
  }

  async getOperations(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<OperationsResponse> {
    const { entityRef, settings } = await this.#entities.resolve(
      ref,
      credentials,
    );
    const cacheKey = `operations:v1:${entityRef}`;
    const now = this.#now();
    const cached = (await this.#cache.get(cacheKey)) as
      | CachedOperations
      | undefined;
    if (cached && now.getTime() - cached.fetchedAt < this.#ttlMs) {
      return cached.response;
    }

    // CloudWatch and Application Signals answer independently: one failing leaves the
    // other's SLOs on the page.
    const outcomes = await Promise.allSettled(
      settings.functions.flatMap(fn => [
        this.#slos
          .computeSlos(fn, settings, now)
          .then(slos => ({ slos, problems: [] as Problem[] })),
        this.#applicationSignals.getSlos(
          fn,
          settings.applicationSignalsSlos,
          now,
        ),
      ]),
    );
    const slos: Slo[] = [];
    const sourceProblems: Problem[] = [];
    const failures: Error[] = [];
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') {
        slos.push(...outcome.value.slos);
        sourceProblems.push(...outcome.value.problems);
      } else {
        failures.push(outcome.reason);
      }
    }

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
        throw failures[0];
      }
    }

    const response: OperationsResponse = {
      entityRef,
      generatedAt: now.toISOString(),
      stale: false,
      pattern: settings.pattern,
      functions: settings.functions,
      slos,
      alarms: [],
      deployMarkers: [],
      triage: [],
      runbook: runbookReference(settings.runbook),
      problems: [
        ...settings.problems,
        ...sourceProblems,
        ...failures.map(toAwsProblem),
      ],
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

  #markStale(cached: CachedOperations, failures: Error[]): OperationsResponse {
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

function toAwsProblem(error: Error): Problem {
  return { code: 'aws-error', message: error.message };
}

function runbookReference(annotation: string | null): RunbookReference | null {
  if (annotation === null) {
    return null;
  }
  const isUrl = /^https?:\/\//i.test(annotation);
  return { annotation, url: isUrl ? annotation : null, available: false };
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
      },
      factory({ config, cache, logger, entities, slos, applicationSignals }) {
        const { cacheTtlMs, staleTtlMs } = readLambdaOpsConfig(config);
        return new OperationsService({
          entities,
          slos,
          applicationSignals,
          cache,
          logger,
          ttlMs: cacheTtlMs,
          staleTtlMs: staleTtlMs,
        });
      },
    }),
});
