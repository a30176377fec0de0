import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { Knex, migratedDatabaseClient } from './databaseClient';

const TABLE = 'lambda_ops_deploy_marker_rate_counts';

/**
 * The deploy-marker rate limit's counts, in the plugin's database: every replica that
 * shares the database shares one exact count per principal, and a cache outage changes
 * nothing. Windows are fixed and aligned to the epoch (a minute's window starts on the
 * minute), so every replica agrees on which window a marker falls in without asking.
 *
 * A count is one atomic upsert (`INSERT … ON CONFLICT … DO UPDATE SET count = count + 1
 * RETURNING count`, SQLite 3.35 and later, PostgreSQL): two replicas counting the same
 * principal at the same instant get n + 1 and n + 2, never both n + 1.
 */
export class DeployMarkerRateLimitStore implements Store {
  /** Counts are shared across replicas, so express-rate-limit must not assume they are local. */
  readonly localKeys = false;
  readonly #db: Knex;
  readonly #logger: LoggerService;
  readonly #now: () => number;
  #windowMs = 60_000;

  /** Opens the counts on the plugin's database, bringing its tables up to date first. */
  static async create(options: {
    database: DatabaseService;
    logger: LoggerService;
    now?: () => number;
  }): Promise<DeployMarkerRateLimitStore> {
    return new DeployMarkerRateLimitStore(
      await migratedDatabaseClient(options.database),
      options.logger,
      options.now ?? Date.now,
    );
  }

  private constructor(db: Knex, logger: LoggerService, now: () => number) {
    this.#db = db;
    this.#logger = logger;
    this.#now = now;
  }

  init(options: Pick<Options, 'windowMs'>): void {
    this.#windowMs = options.windowMs;
  }

  async increment(principal: string): Promise<ClientRateLimitInfo> {
    const windowStart = this.#windowStart();
    const [row] = await this.#counted(() =>
      this.#db(TABLE)
        .insert({ principal, window_start: windowStart, count: 1 })
        .onConflict(['principal', 'window_start'])
        .merge({ count: this.#db.raw('??.?? + 1', [TABLE, 'count']) })
        .returning('count'),
    );
    const totalHits = Number(row.count);
    if (totalHits === 1) {
      // A principal's new window is the moment to drop the windows that have ended, of
      // every principal: the table holds at most one window per recent sender.
      await this.#counted(() =>
        this.#db(TABLE)
          .where('window_start', '<=', this.#now() - this.#windowMs)
          .delete(),
      );
    }
    return {
      totalHits,
      resetTime: new Date(windowStart + this.#windowMs),
    };
  }

  async decrement(principal: string): Promise<void> {
    await this.#counted(() =>
      this.#db(TABLE)
        .where({ principal, window_start: this.#windowStart() })
        .andWhere('count', '>', 0)
        .decrement('count', 1),
    );
  }

  async resetKey(principal: string): Promise<void> {
    await this.#counted(() => this.#db(TABLE).where({ principal }).delete());
  }

  #windowStart(): number {
    const now = this.#now();
    return now - (now % this.#windowMs);
  }

  /** A database failure refuses the marker (503): it could not be stored either. */
  async #counted<T>(query: () => PromiseLike<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      this.#logger.error(
        `Deploy-marker rate limit: the count could not be read or written: ${
          (error as Error).message
        }`,
      );
      throw new ServiceUnavailableError(
        'Deploy markers cannot be taken now: the Lambda Ops database did not answer; post the marker again shortly',
      );
    }
  }
}

/** The deploy-marker rate limit's counts, on the plugin's database. */
export const deployMarkerRateLimitStoreServiceRef =
  createServiceRef<DeployMarkerRateLimitStore>({
    id: 'lambda-ops.deploy-marker-rate-limit',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          database: coreServices.database,
          logger: coreServices.logger,
        },
        factory: deps => DeployMarkerRateLimitStore.create(deps),
      }),
  });
