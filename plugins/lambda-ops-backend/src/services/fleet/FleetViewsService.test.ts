import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  fleetEntity,
  inMemorySnapshotSource,
} from '../../__fixtures__/fleetSnapshots';
import {
  catalogHidingFromUsers,
  userInfoWithGroups,
} from '../../__testUtils__/catalogVisibility';
import type { FleetSnapshot } from './FleetSnapshotSource';
import { FleetViewQuery, FleetViewsService } from './FleetViewsService';

const ALICE = 'user:default/alice';
const NEWCOMER = 'user:default/newcomer';

/** Alice is in payments and search; the newcomer is in no group. */
const GROUPS: Record<string, string[]> = {
  [ALICE]: ['group:default/payments', 'group:default/search'],
  [NEWCOMER]: [],
};

const userInfo = userInfoWithGroups(GROUPS);

const HIDDEN_FROM_USERS = ['component:default/ledger-api'];
const CATALOG_REFS = [
  'group:default/payments',
  'group:default/search',
  'group:default/identity',
  'component:default/orders-api',
  'component:default/refunds-api',
  'component:default/ledger-api',
  'component:default/search-api',
  'component:default/login-api',
];

const catalogWithPerUserVisibility = () =>
  catalogHidingFromUsers({
    refs: CATALOG_REFS,
    hiddenFromUsers: HIDDEN_FROM_USERS,
  });

const snapshot = [
  fleetEntity('component:default/orders-api', 'group:default/payments'),
  fleetEntity('component:default/refunds-api', 'group:default/payments', {
    unavailableReason: 'AWS account 210987654321 is not configured',
  }),
  fleetEntity('component:default/ledger-api', 'group:default/payments'),
  fleetEntity('component:default/search-api', 'group:default/search'),
  fleetEntity('component:default/login-api', 'group:default/identity'),
];

function service(
  options: { snapshotAt?: string | null; stale?: boolean } = {},
) {
  const catalog = catalogWithPerUserVisibility();
  return {
    catalog,
    views: new FleetViewsService({
      source: inMemorySnapshotSource(snapshot, options),
      catalog,
      userInfo,
      auth: mockServices.auth(),
    }),
  };
}

describe('FleetViewsService', () => {
  it("shows a user their groups' entities, worst first, leaving out those they may not read", async () => {
    const { views, catalog } = service({ stale: true });
    const view = await views.getOnCall({}, mockCredentials.user(ALICE));
    expect(view.owners).toEqual([ALICE, ...GROUPS[ALICE]]);
    expect(view.rows.map(row => [row.entityRef, row.status])).toEqual([
      ['component:default/refunds-api', 'unknown'],
      ['component:default/orders-api', 'no-data'],
      ['component:default/search-api', 'no-data'],
    ]);
    expect(view.totals).toMatchObject({ unknown: 1, 'no-data': 2 });
    expect(view).toMatchObject({
      snapshotAt: '2026-11-29T11:55:00Z',
      stale: true,
      emptyReason: null,
    });
    // One catalog request, asking for no more than whether each entity can be read.
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledWith(
      expect.objectContaining({
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      }),
      { credentials: expect.anything() },
    );
  });

  it("shows the owners asked for, in any case, instead of the caller's own", async () => {
    const { views } = service();
    const view = await views.getOnCall(
      { owner: ['group:default/Identity'] },
      mockCredentials.user(ALICE),
    );
    expect(view.owners).toEqual(['group:default/identity']);
    expect(view.rows.map(row => row.entityRef)).toEqual([
      'component:default/login-api',
    ]);
  });

  it('shows a service principal the whole fleet when it names no owner', async () => {
    const { views } = service();
    const view = await views.getCoverage({}, mockCredentials.service());
    expect(view.entities.map(e => e.entityRef).sort()).toEqual(
      snapshot.map(e => e.entityRef).sort(),
    );
    expect(view.owners.map(o => o.owner)).toHaveLength(3);
  });

  it('scores every entity a user may read when no owner is named, not only their own', async () => {
    const { views } = service();
    const view = await views.getCoverage({}, mockCredentials.user(NEWCOMER));
    expect(view.entities.map(e => e.entityRef).sort()).toEqual(
      snapshot
        .map(e => e.entityRef)
        .filter(ref => !HIDDEN_FROM_USERS.includes(ref))
        .sort(),
    );
    expect(view.emptyReason).toBeNull();
  });

  it("sends the scorecard's JSON text with each caller's own totals, after a whole-fleet reply was kept", async () => {
    const { views } = service();
    const whole = JSON.parse(
      await views.getCoverageJson({}, mockCredentials.service()),
    );
    expect(whole.total.entities).toBe(snapshot.length);

    const user = mockCredentials.user(NEWCOMER);
    const text = await views.getCoverageJson({}, user);
    expect(JSON.parse(text)).toEqual(await views.getCoverage({}, user));
    expect(JSON.parse(text).total.entities).toBe(
      snapshot.length - HIDDEN_FROM_USERS.length,
    );
    expect(
      JSON.parse(text).owners.find(
        (o: { owner: string }) => o.owner === 'group:default/payments',
      ).entities,
    ).toBe(2);
  });

  it('scores only the entities the caller may read', async () => {
    const { views } = service();
    const view = await views.getCoverage(
      { owner: ['group:default/payments'] },
      mockCredentials.user(ALICE),
    );
    expect(view.entities.map(e => e.entityRef).sort()).toEqual([
      'component:default/orders-api',
      'component:default/refunds-api',
    ]);
    expect(view.total.entities).toBe(2);
    expect(view.checks).toHaveLength(6);
  });

  it('refuses a malformed owner ref, naming it and the form expected', async () => {
    const { views } = service();
    const asked = views.getOnCall(
      { owner: ['payments'] },
      mockCredentials.user(ALICE),
    );
    await expect(asked).rejects.toThrow(InputError);
    await expect(asked).rejects.toThrow(
      'Invalid owner "payments": expected a full entity ref kind:namespace/name, e.g. group:default/payments',
    );
    await expect(
      views.getCoverage(
        { owner: ['group:payments'] },
        mockCredentials.user(ALICE),
      ),
    ).rejects.toThrow('Invalid owner "group:payments"');
  });

  const emptyViews: Array<[string, FleetViewQuery, string, string]> = [
    [
      'an owner the catalog does not know',
      { owner: ['group:default/payment'] },
      ALICE,
      'No group:default/payment in the catalog, or you may not read it: check the owner ref, e.g. group:default/payments',
    ],
    [
      'an owner that owns no Lambda-backed entity',
      { owner: ['group:default/payments', 'group:default/search'] },
      NEWCOMER,
      'group:default/payments, group:default/search own no Lambda-backed entity that you may read',
    ],
    [
      'a user in no group',
      {},
      NEWCOMER,
      'user:default/newcomer belongs to no group in the catalog and owns no Lambda-backed entity: choose an owner, e.g. owner=group:default/payments',
    ],
  ];

  const emptyViewService = (query: FleetViewQuery, user: string) =>
    new FleetViewsService({
      source: inMemorySnapshotSource(
        user === NEWCOMER && query.owner ? [] : snapshot,
      ),
      catalog: catalogWithPerUserVisibility(),
      userInfo,
      auth: mockServices.auth(),
    });

  it.each(emptyViews)(
    'answers an empty on-call view that says why for %s',
    async (_, query, user, reason) => {
      const onCall = await emptyViewService(query, user).getOnCall(
        query,
        mockCredentials.user(user),
      );
      expect(onCall.rows).toEqual([]);
      expect(onCall.emptyReason).toBe(reason);
    },
  );

  // The scorecard names no owner for a user in no group: it covers the whole fleet.
  it.each(emptyViews.filter(([, query]) => query.owner))(
    'answers an empty scorecard that says why for %s',
    async (_, query, user, reason) => {
      const coverage = await emptyViewService(query, user).getCoverage(
        query,
        mockCredentials.user(user),
      );
      expect(coverage.entities).toEqual([]);
      expect(coverage.emptyReason).toBe(reason);
    },
  );

  it('says no refresh has ended yet before the first snapshot', async () => {
    const views = new FleetViewsService({
      source: inMemorySnapshotSource([], { snapshotAt: null }),
      catalog: catalogWithPerUserVisibility(),
      userInfo,
      auth: mockServices.auth(),
    });
    const view = await views.getOnCall({}, mockCredentials.user(ALICE));
    expect(view).toMatchObject({ snapshotAt: null, stale: false, rows: [] });
    expect(view.emptyReason).toMatch(/^The fleet has not been collected yet/);
  });

  it('says why the views are empty when the first refresh failed', async () => {
    const views = new FleetViewsService({
      source: inMemorySnapshotSource([], {
        snapshotAt: null,
        stale: true,
        staleReason: 'CloudWatch in us-east-1 is unavailable',
      }),
      catalog: catalogWithPerUserVisibility(),
      userInfo,
      auth: mockServices.auth(),
    });
    const view = await views.getCoverage({}, mockCredentials.user(ALICE));
    expect(view).toMatchObject({
      snapshotAt: null,
      stale: true,
      staleReason: 'CloudWatch in us-east-1 is unavailable',
      entities: [],
      emptyReason:
        'The first fleet refresh failed: CloudWatch in us-east-1 is unavailable; the views fill in when a refresh (lambdaOps.collector.schedule) succeeds',
    });
  });

  it('reads the whole snapshot once per refresh, and shows the next refresh and a failed one with its cause', async () => {
    let state: Omit<FleetSnapshot, 'entities'> = {
      snapshotAt: '2026-11-29T11:55:00Z',
      stale: false,
    };
    let entities = snapshot;
    const source = {
      readSnapshot: jest.fn(async () => ({ ...state, entities })),
      readSnapshotState: async () => state,
    };
    const views = new FleetViewsService({
      source,
      catalog: catalogWithPerUserVisibility(),
      userInfo,
      auth: mockServices.auth(),
    });
    const principal = mockCredentials.service();
    await views.getOnCall({}, principal);
    await views.getCoverage({}, principal);
    expect(source.readSnapshot).toHaveBeenCalledTimes(1);

    state = { ...state, stale: true, staleReason: 'the catalog is down' };
    await expect(views.getOnCall({}, principal)).resolves.toMatchObject({
      stale: true,
      staleReason: 'the catalog is down',
    });
    expect(source.readSnapshot).toHaveBeenCalledTimes(1);

    state = { snapshotAt: '2026-11-29T12:00:00Z', stale: false };
    entities = snapshot.slice(0, 1);
    const next = await views.getOnCall({}, principal);
    expect(next).toMatchObject({
      snapshotAt: state.snapshotAt,
      stale: false,
      staleReason: null,
    });
    expect(next.rows.map(row => row.entityRef)).toEqual([
      'component:default/orders-api',
    ]);
    expect(source.readSnapshot).toHaveBeenCalledTimes(2);
  });
});
