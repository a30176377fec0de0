import { CacheService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { resilientCache } from './resilientCache';

const never = () => new Promise<never>(() => {});
const down = () => Promise.reject(new Error('Socket closed unexpectedly'));

function store(answer: () => Promise<any>): CacheService {
  const cache: CacheService = {
    get: answer,
    set: answer,
    delete: answer,
    withOptions: () => cache,
  };
  return cache;
}

describe('resilientCache', () => {
  const logger = mockServices.logger.mock();

  it('passes values through while the store answers', async () => {
    const backing = mockServices.cache.mock();
    backing.get.mockResolvedValue({ fetchedAt: 1 });
    const cache = resilientCache(backing, logger, 50);
    await expect(cache.get('k')).resolves.toEqual({ fetchedAt: 1 });
    await cache.set('k', 2, { ttl: 1000 });
    expect(backing.set).toHaveBeenCalledWith('k', 2, { ttl: 1000 });
  });

  it.each([
    ['stalls (Redis queuing commands while it reconnects)', never],
    ['fails', down],
  ])(
    'reads as a miss and writes nothing when the store %s',
    async (_, answer) => {
      const cache = resilientCache(store(answer), logger, 50);
      const started = Date.now();
      await expect(cache.get('k')).resolves.toBeUndefined();
      await expect(cache.set('k', 1)).resolves.toBeUndefined();
      await expect(cache.delete('k')).resolves.toBeUndefined();
      await expect(
        cache.withOptions({ defaultTtl: 1 }).get('k'),
      ).resolves.toBeUndefined();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /^Cache read failed, answering without the cache/,
        ),
      );
    },
  );
});
