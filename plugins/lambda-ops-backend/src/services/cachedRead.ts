import type { CacheService } from '@backstage/backend-plugin-api';

/** What Backstage's cache keeps: JSON. */
type Cacheable = Parameters<CacheService['set']>[1];

/**
 * What `read` answers, kept in Backstage's cache under `key` for `ttlMs`: entity pages of
 * neighbouring functions share what changes rarely instead of asking AWS again. An answer
 * `keep` refuses (a failure described in the answer) is not kept. Without a cache or a
 * TTL every call reads. `T` is plain data (no dates): the cache keeps JSON.
 */
export async function cachedRead<T>(
  cache: CacheService | undefined,
  key: string,
  ttlMs: number,
  read: () => Promise<T>,
  keep: (value: T) => boolean = () => true,
): Promise<T> {
  if (!cache || ttlMs <= 0) {
    return read();
  }
  const cached = (await cache.get(key)) as T | undefined;
  if (cached !== undefined) {
    return cached;
  }
  const value = await read();
  if (keep(value)) {
    await cache.set(key, value as unknown as Cacheable, { ttl: ttlMs });
  }
  return value;
}
