// End to end: two replicas of the demo backend on app-config.production.yaml, sharing
// PostgreSQL and Redis (scripts/test.sh provides both): the fleet refresh runs once per
// interval across them, deploy markers are shared, a replica killed mid-refresh loses no
// marker, and a Redis restart costs cache misses, not errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  postgresUrl,
  redisServerPath,
  REFRESH_EVERY_SECONDS,
  REFRESH_TIMEOUT_SECONDS,
  startProductionTopology,
  watchRefreshStarts,
} from './productionTopology.mjs';

// The token the demo's app-config.yaml gives CI (backend.auth.externalAccess).
const CI_TOKEN = 'demo-ci-token-0123456789';
const ENTITY = 'api/lambda-ops/v1/entities/default/component/checkout-api';
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

const missing = [
  postgresUrl() ? undefined : 'PostgreSQL',
  redisServerPath() ? undefined : 'redis-server',
].filter(Boolean);

function call(replica, path, init = {}) {
  return fetch(`${replica.baseUrl}/${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${CI_TOKEN}`,
      'content-type': 'application/json',
      ...init.headers,
    },
    signal: AbortSignal.timeout(30_000),
  });
}

function postMarker(replica, deployId, ts = new Date(Date.now() - 3_600_000)) {
  return call(replica, 'api/lambda-ops/v1/deploy-markers', {
    method: 'POST',
    body: JSON.stringify({
      ts: ts.toISOString(),
      deploy_id: deployId,
      env: 'prod',
      artifact: 'lambda:function:checkout-api',
      change_summary: `Release ${deployId}`,
      reason: 'Two-replica check',
    }),
  });
}

async function markerIds(replica) {
  const ids = new Set();
  let cursor;
  do {
    const query = `limit=200${
      cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
    }`;
    const res = await call(replica, `${ENTITY}/deploy-markers?${query}`);
    assert.equal(res.status, 200, await res.clone().text());
    const page = await res.json();
    page.items.forEach(marker => ids.add(marker.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

async function waitUntil(what, timeoutMs, condition) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      assert.fail(`${what} within ${timeoutMs / 1000}s`);
    }
    await sleep(100);
  }
}

describe(
  'two backend replicas on PostgreSQL and Redis',
  {
    timeout: 600_000,
    skip: missing.length
      ? `no ${missing.join(' or ')}: ./scripts/test.sh installs and starts them`
      : false,
  },
  () => {
    let topology;
    let a;
    let b;

    before(async () => {
      topology = await startProductionTopology(postgresUrl());
      [a, b] = topology.replicas;
    });

    after(() => topology?.stop());

    test('the fleet refresh runs once per interval across both replicas', async () => {
      const from = Date.now();
      const window = 6 * REFRESH_EVERY_SECONDS * 1000;
      const watch = await watchRefreshStarts(postgresUrl());
      await sleep(window);
      const starts = await watch.stop();
      const finishedBy = [a, b].map(
        replica =>
          `${replica.name} ${
            replica.refreshesLogged().filter(at => at >= from).length
          }`,
      );
      const gaps = starts.slice(1).map((at, i) => at - starts[i]);
      console.log(
        `${starts.length} refreshes started in ${
          window / 1000
        }s, every ${REFRESH_EVERY_SECONDS}s (finished by replica ${finishedBy.join(
          ', ',
        )}), ${gaps.map(gap => (gap / 1000).toFixed(1)).join(' ')}s apart`,
      );
      // Each replica alone would refresh about 6 times: together still about 6, never 12.
      assert.ok(
        starts.length >= 4 && starts.length <= 7,
        `${starts.length} refreshes`,
      );
      assert.ok(
        gaps.every(gap => gap >= 0.8 * REFRESH_EVERY_SECONDS * 1000),
        'two refreshes started within one interval',
      );
    });

    test('a deploy marker posted to one replica shows on the other', async () => {
      const deployId = `replicas-${Date.now()}`;
      const ts = new Date(Date.now() - 3_600_000);
      assert.equal((await postMarker(a, deployId, ts)).status, 201);
      const onB = await markerIds(b);
      assert.ok(onB.has(deployId), `replica b lists ${[...onB].join(', ')}`);
      // Idempotent across replicas: the same marker again is already recorded.
      assert.equal((await postMarker(b, deployId, ts)).status, 200);
    });

    test('a replica killed mid-refresh loses no marker; the other finishes the next refresh', async () => {
      const acknowledged = [];
      let posting = true;
      const poster = (async () => {
        for (let i = 0; posting; i += 1) {
          const target = i % 2 ? a : b;
          const deployId = `kill-${Date.now()}-${i}`;
          const res = await postMarker(target, deployId).catch(() => undefined);
          if (res?.status === 201) {
            acknowledged.push(deployId);
          }
          await sleep(50);
        }
      })();
      try {
        // AWS slowed down, so a refresh that starts stays in flight.
        a.aws.delayMs = 1_500;
        b.aws.delayMs = 1_500;
        let runner;
        await waitUntil('a refresh started', 60_000, () => {
          runner = [a, b].find(replica => replica.aws.inFlight > 0);
          return runner;
        });
        const survivor = runner === a ? b : a;
        topology.survivor = survivor;
        const killedAt = Date.now();
        runner.kill();
        console.log(
          `killed replica ${runner.name} with ${runner.aws.inFlight} AWS calls in flight`,
        );
        await sleep(2_000);
        posting = false;
        await poster;
        survivor.aws.delayMs = 0;

        // The killed run holds its lock until its timeout; then the survivor takes over.
        await waitUntil(
          `replica ${survivor.name} finished a refresh`,
          (REFRESH_TIMEOUT_SECONDS + 6 * REFRESH_EVERY_SECONDS) * 1000,
          () => survivor.refreshesLogged().some(at => at > killedAt),
        );
        const recorded = await markerIds(survivor);
        const lost = acknowledged.filter(id => !recorded.has(id));
        console.log(
          `${acknowledged.length} markers acknowledged around the kill, ${
            lost.length
          } lost; replica ${survivor.name} refreshed ${(
            (survivor.refreshesLogged().find(at => at > killedAt) - killedAt) /
            1000
          ).toFixed(1)}s after it`,
        );
        assert.ok(acknowledged.length > 10, `${acknowledged.length} markers`);
        assert.deepEqual(lost, []);
      } finally {
        posting = false;
        await poster;
      }
    });

    test('a Redis restart degrades to cache misses, not errors', async () => {
      const replica = topology.survivor ?? a;
      const operations = async () => {
        const started = Date.now();
        const res = await call(replica, `${ENTITY}/operations`);
        const body = await res.text();
        return { status: res.status, body, ms: Date.now() - started };
      };
      const before = await operations();
      assert.equal(before.status, 200, before.body);
      await topology.redis.stop();
      const down = [await operations(), await operations()];
      await topology.redis.start();
      const back = [await operations(), await operations()];
      console.log(
        `Operations while Redis was down: ${down
          .map(r => `${r.status} in ${r.ms} ms`)
          .join(', ')}; after it came back: ${back
          .map(r => `${r.status} in ${r.ms} ms`)
          .join(', ')}`,
      );
      for (const reply of [...down, ...back]) {
        assert.equal(reply.status, 200, reply.body);
        assert.equal(JSON.parse(reply.body).stale ?? false, false);
      }
    });
  },
);
