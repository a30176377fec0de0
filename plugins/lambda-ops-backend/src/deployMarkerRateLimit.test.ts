import type { CacheService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { memoryCache } from './__testUtils__/memoryCache';
import { CacheRateLimitStore } from './cacheRateLimitStore';
import { limitDeployMarkersPerPrincipal } from './deployMarkerRateLimit';

/** One backend replica's deploy-marker route, behind the limit, on the cache given. */
function replica(cache: CacheService) {
  return express()
    .post(
      '/v1/deploy-markers',
      limitDeployMarkersPerPrincipal({
        httpAuth: mockServices.httpAuth(),
        cache,
        max: 2,
        windowMs: 60_000,
      }),
      (_req, res) => res.json({ recorded: true }),
    )
    .use(mockErrorHandler());
}

const postTo = (app: express.Express, user = 'user:default/release-bot') =>
  request(app)
    .post('/v1/deploy-markers')
    .set('authorization', mockCredentials.user.header(user));

describe('the deploy-marker rate limit', () => {
  it('is shared by replicas that share a cache', async () => {
    const cache = memoryCache();
    const one = replica(cache);
    const two = replica(cache);
    expect((await postTo(one)).status).toBe(200);
    expect((await postTo(two)).status).toBe(200);

    const limited = await postTo(one);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await postTo(two)).status).toBe(429);
    // Another principal has a count of its own on both replicas.
    expect((await postTo(two, 'user:default/alice')).status).toBe(200);
  });

  it('is counted per replica when each has a cache of its own', async () => {
    const one = replica(memoryCache());
    const two = replica(memoryCache());
    for (const app of [one, two, one, two]) {
      expect((await postTo(app)).status).toBe(200);
    }
    expect((await postTo(one)).status).toBe(429);
  });

  it('takes markers unlimited while the cache is down, rather than refusing them', async () => {
    const down = mockServices.cache.mock({
      get: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      },
    });
    // express-rate-limit reports the store's error, as the backend's log will show it.
    jest.spyOn(console, 'error').mockImplementation(() => {});
    const app = replica(down);
    for (let i = 0; i < 4; i++) {
      expect((await postTo(app)).status).toBe(200);
    }
  });
});

describe('CacheRateLimitStore', () => {
  it('counts within a window and starts again once it ends', async () => {
    let now = Date.parse('2026-11-29T12:00:00Z');
    const store = new CacheRateLimitStore({
      cache: memoryCache(),
      prefix: 'test',
      now: () => now,
    });
    store.init({ windowMs: 60_000 } as Parameters<typeof store.init>[0]);

    expect(await store.increment('k')).toEqual({
      totalHits: 1,
      resetTime: new Date('2026-11-29T12:01:00Z'),
    });
    now += 30_000;
    expect((await store.increment('k')).totalHits).toBe(2);
    await store.decrement('k');
    expect((await store.get('k'))?.totalHits).toBe(1);

    now += 30_000;
    expect(await store.get('k')).toBeUndefined();
    expect(await store.increment('k')).toEqual({
      totalHits: 1,
      resetTime: new Date('2026-11-29T12:02:00Z'),
    });
    await store.resetKey('k');
    expect(await store.get('k')).toBeUndefined();
  });
});
