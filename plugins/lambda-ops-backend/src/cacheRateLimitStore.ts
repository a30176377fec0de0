import type { CacheService } from '@backstage/backend-plugin-api';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';

/** A principal's count in the current window, as the cache holds it. */
type WindowCount = { hits: number; resetAt: number };

/**
 * An express-rate-limit store in Backstage's cache, so that every replica of the backend
 * counts against one limit when the cache is shared (Redis or Valkey in production); with
 * the in-memory cache each replica counts alone, as express-rate-limit's own memory store
 * would. Each entry lives as long as its window.
 *
 * The cache has no atomic increment, so two replicas that count the same principal at the
 * same instant may both read n and write n + 1: the count is approximate, it can let a
 * burst a few markers past the limit, never fewer through. A limit against runaway
 * pipelines tolerates that; an exact count would need the cache's own client.
 */
export class CacheRateLimitStore implements Store {
  /** Keys are shared across replicas, so express-rate-limit must not assume they are local. */
  readonly localKeys = false;
  readonly prefix: string;
  readonly #cache: CacheService;
  readonly #now: () => number;
  #windowMs = 60_000;

  constructor(options: {
    cache: CacheService;
    /** The cache's key prefix of this limit, e.g. `deploy-marker-rate` */
    prefix: string;
    now?: () => number;
  }) {
    this.#cache = options.cache;
    this.prefix = `${options.prefix}:`;
    this.#now = options.now ?? Date.now;
  }

  init(options: Options): void {
    this.#windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const count = await this.#read(key);
    return (
      count && { totalHits: count.hits, resetTime: new Date(count.resetAt) }
    );
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.#now();
    const current = await this.#read(key);
    const count: WindowCount = current
      ? { hits: current.hits + 1, resetAt: current.resetAt }
      : { hits: 1, resetAt: now + this.#windowMs };
    await this.#write(key, count, now);
    return { totalHits: count.hits, resetTime: new Date(count.resetAt) };
  }

  async decrement(key: string): Promise<void> {
    const current = await this.#read(key);
    if (current && current.hits > 0) {
      await this.#write(
        key,
        { hits: current.hits - 1, resetAt: current.resetAt },
        this.#now(),
      );
    }
  }

  async resetKey(key: string): Promise<void> {
    await this.#cache.delete(this.prefix + key);
  }

  async #read(key: string): Promise<WindowCount | undefined> {
    const count = (await this.#cache.get(this.prefix + key)) as
      | WindowCount
      | undefined;
    // A cache may keep an entry a little past its TTL; the window ends when it says.
    return count && count.resetAt > this.#now() ? count : undefined;
  }

  async #write(key: string, count: WindowCount, now: number): Promise<void> {
    await this.#cache.set(this.prefix + key, count, {
      ttl: Math.max(1, count.resetAt - now),
    });
  }
}
