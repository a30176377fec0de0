import {
  CacheService,
  CacheServiceOptions,
  CacheServiceSetOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';

/** Longest a cache read may take before it counts as a miss. */
const DEFAULT_TIMEOUT_MS = 500;
/** At most one warning per outage this long. */
const WARN_EVERY_MS = 60_000;

/**
 * Backstage's cache as the plugin uses it: a read that fails or takes longer than
 * `timeoutMs` is a miss, and a write or delete that fails or stalls is given up, so that a
 * shared cache that is down or restarting (Redis queues commands while it reconnects)
 * costs AWS calls, never an error or a request that hangs.
 */
export function resilientCache(
  cache: CacheService,
  logger: LoggerService,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): CacheService {
  let lastWarning = 0;
  const bounded = async <T>(
    operation: string,
    run: () => Promise<T>,
    fallback: T,
  ): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const pending = run();
    try {
      return await Promise.race([
        pending,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      // The abandoned call may still fail later; nobody waits for it.
      pending.catch(() => {});
      if (Date.now() - lastWarning > WARN_EVERY_MS) {
        lastWarning = Date.now();
        logger.warn(
          `Cache ${operation} failed, answering without the cache: ${
            (error as Error).message
          }`,
        );
      }
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    get: (key: string) => bounded('read', () => cache.get(key), undefined),
    set: (
      key: string,
      value: Parameters<CacheService['set']>[1],
      options?: CacheServiceSetOptions,
    ) => bounded('write', () => cache.set(key, value, options), undefined),
    delete: (key: string) =>
      bounded('delete', () => cache.delete(key), undefined),
    withOptions: (options: CacheServiceOptions) =>
      resilientCache(cache.withOptions(options), logger, timeoutMs),
  };
}
