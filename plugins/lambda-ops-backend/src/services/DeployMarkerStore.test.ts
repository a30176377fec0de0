import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import {
  describeEachDatabase,
  storeDatabaseIds,
} from '../__testUtils__/databases';
import { DeployMarkerInput } from './deployMarkerInput';
import { DeployMarkerStore } from './DeployMarkerStore';

jest.setTimeout(60_000);

const MINUTE_MS = 60_000;
const NOW = new Date('2026-11-29T12:00:00Z');
const minutesAgo = (minutes: number) =>
  new Date(NOW.getTime() - minutes * MINUTE_MS);

function marker(overrides: Partial<DeployMarkerInput> = {}): DeployMarkerInput {
  return {
    deployId: 'checkout-api/run-4711',
    ts: minutesAgo(40),
    env: 'PROD',
    service: 'component:default/checkout-api',
    artifact: 'lambda:function:checkout-api:PROD',
    gitSha: '3f9c2ab',
    ref: 'refs/tags/v42',
    actor: 'github-actions',
    changeSummary: 'Raise memory to 1024 MB',
    reason: 'p95 Duration near the timeout',
    risk: 'medium',
    rollback: 'Point PROD back at version 41',
    links: ['https://github.com/acme/checkout/pull/42'],
    gateOverrideReason: null,
    ...overrides,
  };
}

describeEachDatabase(
  storeDatabaseIds(),
  'DeployMarkerStore on %s',
  (id, databases) => {
    async function createStore(databaseId: TestDatabaseId = id) {
      const knex = await databases.init(databaseId);
      const store = await DeployMarkerStore.create({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    it('records a marker and gives it back in the contract shape', async () => {
      const { store } = await createStore();
      const { marker: stored, created } = await store.record(marker());
      expect(created).toBe(true);
      expect(stored).toEqual({
        id: 'checkout-api/run-4711',
        ts: minutesAgo(40).toISOString(),
        env: 'PROD',
        source: 'ci',
        changeType: 'deployment',
        actor: 'github-actions',
        gitSha: '3f9c2ab',
        changeSummary: 'Raise memory to 1024 MB',
        artifact: 'lambda:function:checkout-api:PROD',
        ref: 'refs/tags/v42',
        reason: 'p95 Duration near the timeout',
        risk: 'medium',
        rollback: 'Point PROD back at version 41',
        links: ['https://github.com/acme/checkout/pull/42'],
      });
    });

    it('keeps the reason of a deploy made against the deploy gate', async () => {
      const { store } = await createStore();
      const { marker: stored } = await store.record(
        marker({ gateOverrideReason: 'Hotfix for the outage' }),
      );
      expect(stored.gateOverride).toEqual({ reason: 'Hotfix for the outage' });
      const page = await store.listForFunctions(['checkout-api'], {
        since: minutesAgo(60),
        limit: 10,
      });
      expect(page.items[0].gateOverride).toEqual({
        reason: 'Hotfix for the outage',
      });
    });

    it('gives back the same stored record when the same marker is posted again', async () => {
      const { store } = await createStore();
      const first = await store.record(marker());
      const again = await store.record(marker());
      expect(again).toEqual({ marker: first.marker, created: false });
    });

    it('refuses the same deploy_id with different content, naming it and what differs', async () => {
      const { store } = await createStore();
      await store.record(marker());
      const attempt = store.record(
        marker({ reason: 'Another reason', ts: minutesAgo(10) }),
      );
      await expect(attempt).rejects.toThrow(ConflictError);
      await expect(attempt).rejects.toThrow(
        'deploy_id "checkout-api/run-4711" is already recorded with different content (ts, reason)',
      );
    });

    it('treats an environment in other letter case as different content', async () => {
      const { store } = await createStore();
      await store.record(marker());
      await expect(store.record(marker({ env: 'prod' }))).rejects.toThrow(
        '(env)',
      );
    });

    it('stores one row for 20 concurrent posts of the same marker', async () => {
      const { knex, store } = await createStore();
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.record(marker())),
      );
      expect(results.filter(result => result.created)).toHaveLength(1);
      for (const result of results) {
        expect(result.marker).toEqual(results[0].marker);
      }
      const [{ count }] = await knex('lambda_ops_deploy_markers').count({
        count: '*',
      });
      expect(Number(count)).toBe(1);
    });

    it('lets exactly one of concurrent conflicting posts win', async () => {
      const { store } = await createStore();
      const settled = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.record(marker({ changeSummary: `Attempt ${i}` })),
        ),
      );
      expect(
        settled.filter(result => result.status === 'fulfilled'),
      ).toHaveLength(1);
      const refused = settled.flatMap(result =>
        result.status === 'rejected' ? [result.reason] : [],
      );
      expect(refused).toHaveLength(9);
      expect(refused.every(error => error instanceof ConflictError)).toBe(true);
    });

    describe('listing', () => {
      let store: DeployMarkerStore;

      beforeEach(async () => {
        ({ store } = await createStore());
        const markers = [
          marker({ deployId: 'a-1', ts: minutesAgo(50), env: 'PROD' }),
          marker({ deployId: 'a-2', ts: minutesAgo(40), env: 'staging' }),
          // Two deploys in the same millisecond: ordered by deploy_id, newest first.
          marker({ deployId: 'a-3', ts: minutesAgo(30), env: 'prod' }),
          marker({ deployId: 'a-4', ts: minutesAgo(30), env: null }),
          marker({ deployId: 'a-5', ts: minutesAgo(10), env: 'Prod' }),
          marker({
            deployId: 'b-1',
            ts: minutesAgo(20),
            artifact:
              'arn:aws:lambda:us-east-1:123456789012:function:orders-api',
          }),
          marker({ deployId: 'a-old', ts: minutesAgo(60 * 24 * 30) }),
        ];
        for (const input of markers) {
          await store.record(input);
        }
      });

      const since = minutesAgo(60 * 24);
      const ids = (page: { items: { id: string }[] }) =>
        page.items.map(item => item.id);

      it('lists the markers of the functions since a time, newest first', async () => {
        const page = await store.listForFunctions(['checkout-api'], {
          since,
          limit: 50,
        });
        expect(ids(page)).toEqual(['a-5', 'a-4', 'a-3', 'a-2', 'a-1']);
        expect(page.nextCursor).toBeNull();
      });

      it('lists several functions together and keeps to the span', async () => {
        const page = await store.listForFunctions(
          ['checkout-api', 'orders-api'],
          { since: minutesAgo(35), until: minutesAgo(15), limit: 50 },
        );
        expect(ids(page)).toEqual(['b-1', 'a-4', 'a-3']);
      });

      it('pages with an opaque cursor without skipping or repeating a marker', async () => {
        const seen: string[][] = [];
        let cursor: string | undefined;
        do {
          const page = await store.listForFunctions(['checkout-api'], {
            since,
            limit: 2,
            cursor,
          });
          seen.push(ids(page));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(seen).toEqual([['a-5', 'a-4'], ['a-3', 'a-2'], ['a-1']]);
      });

      it('matches the environment case-insensitively', async () => {
        const everywhere = await store.listForFunctions(['checkout-api'], {
          since,
          env: 'PROD',
          limit: 50,
        });
        expect(ids(everywhere)).toEqual(['a-5', 'a-3', 'a-1']);
        const perFunction = await store.listForFunctions(
          [{ name: 'checkout-api', env: 'prod' }, 'orders-api'],
          { since, limit: 50 },
        );
        expect(ids(perFunction)).toEqual(['a-5', 'b-1', 'a-3', 'a-1']);
      });

      it('finds the newest marker of each set of functions, the one its listing starts with', async () => {
        const sets = [
          ['checkout-api'],
          [{ name: 'checkout-api', env: 'PROD' }],
          [{ name: 'checkout-api', env: 'staging' }],
          [{ name: 'checkout-api', env: 'qa' }],
          [{ name: 'checkout-api', env: null }, 'orders-api'],
          [{ name: 'checkout-api', env: 'staging' }, 'orders-api'],
          ['orders-api'],
          ['payments-api'],
          [],
        ];
        const listed = await Promise.all(
          sets.map(
            async set =>
              (
                await store.listForFunctions(set, { since, limit: 1 })
              ).items[0] ?? null,
          ),
        );
        expect(listed.map(newest => newest?.id ?? null)).toEqual([
          'a-5',
          'a-5',
          'a-2',
          null,
          'a-5',
          'b-1',
          'b-1',
          null,
          null,
        ]);

        expect(await store.newestOfEach(sets, { since })).toEqual(listed);
      });

      it('breaks a tie in time by deploy_id, as the listing does', async () => {
        await store.record(
          marker({ deployId: 'a-6', ts: minutesAgo(10), env: 'prod' }),
        );
        const [newest] = await store.newestOfEach([['checkout-api']], {
          since,
        });
        expect(newest?.id).toBe('a-6');
        expect(
          (await store.listForFunctions(['checkout-api'], { since, limit: 1 }))
            .items[0],
        ).toEqual(newest);
      });

      it('lists nothing for no functions', async () => {
        expect(await store.listForFunctions([], { since, limit: 50 })).toEqual({
          items: [],
          nextCursor: null,
        });
      });

      it('refuses a cursor it did not make', async () => {
        await expect(
          store.listForFunctions(['checkout-api'], {
            since,
            limit: 2,
            cursor: 'not-a-cursor',
          }),
        ).rejects.toThrow(InputError);
      });

      it('prunes markers older than a time and says how many', async () => {
        expect(await store.prune(minutesAgo(45))).toBe(2);
        const page = await store.listForFunctions(['checkout-api'], {
          since: new Date(0),
          limit: 50,
        });
        expect(ids(page)).toEqual(['a-5', 'a-4', 'a-3', 'a-2']);
        expect(await store.prune(minutesAgo(45))).toBe(0);
      });
    });

    it('keeps markers across a restart: a new store on the same database reads them', async () => {
      const knex = await databases.init(id);
      const database = mockServices.database({ knex });
      const before = await DeployMarkerStore.create({ database });
      const { marker: stored } = await before.record(marker());

      const after = await DeployMarkerStore.create({ database });
      const page = await after.listForFunctions(['checkout-api'], {
        since: minutesAgo(60),
        limit: 10,
      });
      expect(page.items).toEqual([stored]);
      expect(await after.record(marker())).toEqual({
        marker: stored,
        created: false,
      });
    });

    it('leaves the schema alone when migrations are to be skipped', async () => {
      const knex = await databases.init(id);
      await DeployMarkerStore.create({
        database: mockServices.database({ knex, migrations: { skip: true } }),
      });
      expect(await knex.schema.hasTable('lambda_ops_deploy_markers')).toBe(
        false,
      );
    });
  },
);
