import { screen } from '@testing-library/react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  burningRow,
  NOW,
  onCallFixture,
  onCallRowFixture,
} from '../../__fixtures__/fleet';
import { renderFleet } from '../../__testUtils__/renderFleet';
import { EntityOnCallCard, HomePageOnCallContent } from './EntityOnCallCard';

jest.setTimeout(30_000);

const paymentsGroup = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const findTable = () =>
  screen.findByRole(
    'table',
    { name: 'On-call services, worst first' },
    { timeout: 5000 },
  );

function serviceOrder(table: HTMLElement): string[] {
  return Array.from(table.querySelectorAll('tbody tr')).map(
    row => row.querySelectorAll('td')[1].querySelector('a')!.textContent!,
  );
}

describe('the on-call card of a Group page', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('asks for the group in context and shows its worst services first, with the totals', async () => {
    const getOnCall = jest.fn(async () => onCallFixture());
    await renderFleet(
      <EntityProvider entity={paymentsGroup}>
        <EntityOnCallCard />
      </EntityProvider>,
      { getOnCall },
    );

    expect(serviceOrder(await findTable())).toEqual([
      'checkout-api',
      'legacy-api',
      'orders-api',
    ]);
    expect(getOnCall).toHaveBeenCalledWith({
      owners: ['group:default/payments'],
    });
    expect(screen.getByText('1 Page · 1 Unknown · 1 OK')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Runbook #errors' }),
    ).toBeInTheDocument();
  });

  it('lists the five worst and says how many there are in all', async () => {
    const rows = [
      burningRow,
      ...Array.from({ length: 6 }, (_, i) =>
        onCallRowFixture({
          entityRef: `component:default/api-${i}`,
          title: `api-${i}`,
        }),
      ),
    ];
    await renderFleet(
      <EntityProvider entity={paymentsGroup}>
        <EntityOnCallCard />
      </EntityProvider>,
      { getOnCall: async () => onCallFixture({ rows }) },
    );

    expect(serviceOrder(await findTable())).toEqual([
      'checkout-api',
      'api-0',
      'api-1',
      'api-2',
      'api-3',
    ]);
    expect(screen.getByText('The 5 worst of 7 services.')).toBeInTheDocument();
  });

  it('says why a group without Lambda services has none', async () => {
    await renderFleet(
      <EntityProvider entity={paymentsGroup}>
        <EntityOnCallCard />
      </EntityProvider>,
      {
        getOnCall: async () =>
          onCallFixture({
            owners: ['group:default/payments'],
            rows: [],
            emptyReason:
              'group:default/payments owns no Lambda-backed entity that you may read',
          }),
      },
    );

    expect(
      await screen.findByText(
        'group:default/payments owns no Lambda-backed entity that you may read',
      ),
    ).toBeInTheDocument();
  });

  it('warns when the data is stale', async () => {
    await renderFleet(
      <EntityProvider entity={paymentsGroup}>
        <EntityOnCallCard />
      </EntityProvider>,
      { getOnCall: async () => onCallFixture({ stale: true }) },
    );

    expect(await screen.findByText(/Stale data/)).toBeInTheDocument();
    expect(await findTable()).toBeInTheDocument();
  });
});

describe('the on-call card of the home page', () => {
  it("asks for the signed-in user's own services", async () => {
    const getOnCall = jest.fn(async () => onCallFixture());
    await renderFleet(<HomePageOnCallContent />, { getOnCall });

    expect(serviceOrder(await findTable())).toHaveLength(3);
    expect(getOnCall).toHaveBeenCalledWith({ owners: [] });
  });

  it('says why a user in no group sees nothing', async () => {
    const reason =
      'user:default/guest belongs to no group in the catalog and owns no Lambda-backed entity: choose an owner, e.g. owner=group:default/payments';
    await renderFleet(<HomePageOnCallContent />, {
      getOnCall: async () =>
        onCallFixture({
          owners: ['user:default/guest'],
          rows: [],
          emptyReason: reason,
        }),
    });

    expect(await screen.findByText(reason)).toBeInTheDocument();
  });
});
