import { mockCredentials } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import type { DeployMarker } from '@lambda-ops/backstage-plugin-common';
import type { DeployMarkerInput } from './deployMarkerInput';
import { DeployMarkerService } from './DeployMarkerService';
import type { DeployMarkerStore } from './DeployMarkerStore';

const REF = { namespace: 'default', kind: 'component', name: 'checkout-api' };

/** What the store answers; the service hands it on as it is. */
const stored = { id: 'checkout-api/run-4711' } as DeployMarker;

function input(service: string | null): DeployMarkerInput {
  return {
    deployId: 'checkout-api/run-4711',
    ts: new Date('2026-11-29T11:20:00Z'),
    env: 'prod',
    service,
    artifact:
      'arn:aws:lambda:us-east-1:123456789012:function:checkout-api:PROD',
    gitSha: '3f9c2ab',
    ref: null,
    actor: 'github-actions',
    changeSummary: 'Raise memory to 1024 MB',
    reason: 'p95 Duration near the timeout',
    risk: null,
    rollback: null,
    links: [],
    gateOverrideReason: null,
  };
}

function setUp(options: { created?: boolean } = {}) {
  const store = {
    record: jest
      .fn()
      .mockResolvedValue({ marker: stored, created: options.created ?? true }),
    listForFunctions: jest
      .fn()
      .mockResolvedValue({ items: [stored], nextCursor: null }),
  };
  const operations = { forget: jest.fn().mockResolvedValue(undefined) };
  const signals = { changed: jest.fn().mockResolvedValue(undefined) };
  const entities = {
    resolve: jest.fn().mockResolvedValue({
      settings: {
        functions: [
          { name: 'checkout-api', qualifier: 'PROD' },
          { name: 'checkout-worker', qualifier: null },
        ],
      },
    }),
  };
  const service = new DeployMarkerService({
    store: store as unknown as DeployMarkerStore,
    operations,
    entities,
    signals,
  });
  return { service, store, operations, entities, signals };
}

describe('DeployMarkerService', () => {
  describe('record', () => {
    it.each([
      ['component:default/checkout-api', 'component:default/checkout-api'],
      ['checkout-api', 'component:default/checkout-api'],
      ['api:payments/checkout', 'api:payments/checkout'],
    ])(
      'drops the cached tab of the entity a new marker names (%s → %s), so the deploy shows at once',
      async (service, forgotten) => {
        const { service: markers, operations } = setUp();
        await expect(markers.record(input(service))).resolves.toEqual({
          marker: stored,
          created: true,
        });
        expect(operations.forget).toHaveBeenCalledWith(forgotten);
      },
    );

    it('tells the open tabs of the entity a new marker names to load again', async () => {
      const { service, signals } = setUp();
      await service.record(input('checkout-api'));
      expect(signals.changed).toHaveBeenCalledWith(
        'component:default/checkout-api',
        'deploy-marker',
      );
    });

    it('keeps the cache when the marker was recorded before', async () => {
      const { service, operations, signals } = setUp({ created: false });
      await expect(
        service.record(input('component:default/checkout-api')),
      ).resolves.toEqual({ marker: stored, created: false });
      expect(operations.forget).not.toHaveBeenCalled();
      expect(signals.changed).not.toHaveBeenCalled();
    });

    it('keeps the cache when the marker names no entity', async () => {
      const { service, operations } = setUp();
      await service.record(input(null));
      expect(operations.forget).not.toHaveBeenCalled();
    });

    it('drops nothing when the store refuses the marker', async () => {
      const { service, store, operations } = setUp();
      store.record.mockRejectedValue(new Error('deploy_id stored already'));
      await expect(
        service.record(input('component:default/checkout-api')),
      ).rejects.toThrow('deploy_id stored already');
      expect(operations.forget).not.toHaveBeenCalled();
    });
  });

  describe('listForEntity', () => {
    const query = {
      since: new Date('2026-11-22T00:00:00Z'),
      until: undefined,
      limit: 50,
      cursor: undefined,
    };

    it("lists the markers of the entity's functions, an aliased one in its environment only", async () => {
      const { service, store, entities } = setUp();
      const credentials = mockCredentials.user();
      await expect(
        service.listForEntity(REF, query, credentials),
      ).resolves.toEqual({ items: [stored], nextCursor: null });
      expect(entities.resolve).toHaveBeenCalledWith(REF, credentials);
      expect(store.listForFunctions).toHaveBeenCalledWith(
        [
          { name: 'checkout-api', env: 'PROD' },
          { name: 'checkout-worker', env: null },
        ],
        query,
      );
    });

    it('lists nothing for an entity the caller may not read', async () => {
      const { service, store, entities } = setUp();
      entities.resolve.mockRejectedValue(new NotFoundError('No such entity'));
      await expect(
        service.listForEntity(REF, query, mockCredentials.user()),
      ).rejects.toThrow(NotFoundError);
      expect(store.listForFunctions).not.toHaveBeenCalled();
    });
  });
});
