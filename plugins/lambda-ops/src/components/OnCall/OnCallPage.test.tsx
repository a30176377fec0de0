import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  burningRow,
  NOW,
  onCallFixture,
  onCallRowFixture,
  unknownRow,
} from '../../__fixtures__/fleet';
import { renderFleet } from '../../__testUtils__/renderFleet';
import { OnCallPageContent } from './OnCallPage';

/** The table once it shows; role queries over a whole page are slow in jsdom. */
const table = () =>
  screen.findByRole(
    'table',
    { name: 'On-call services, worst first' },
    { timeout: 5000 },
  );

/** The body rows of the table, top to bottom. */
async function bodyRows(): Promise<HTMLElement[]> {
  return Array.from((await table()).querySelectorAll('tbody tr'));
}

/** The service names of the table, top to bottom. */
async function serviceOrder(): Promise<string[]> {
  return (await bodyRows()).map(
    row => row.querySelectorAll('td')[1].querySelector('a')!.textContent!,
  );
}

// A whole page in jsdom on a shared machine: the first render alone can take seconds.
jest.setTimeout(30_000);

describe('the on-call page', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('lists the rows in the order the reply gives, never re-sorting them', async () => {
    // Not the backend's rank order on purpose: the page must keep it as sent.
    const healthy = onCallRowFixture();
    const getOnCall = jest.fn(async () =>
      onCallFixture({ rows: [healthy, burningRow, unknownRow] }),
    );
    await renderFleet(<OnCallPageContent />, { getOnCall });

    expect(await serviceOrder()).toEqual([
      'orders-api',
      'checkout-api',
      'legacy-api',
    ]);
    expect(getOnCall).toHaveBeenCalledWith({ owners: [] });
  });

  it('shows the firing pages with their runbook sections, the budget, the burn and the rollback hint', async () => {
    await renderFleet(<OnCallPageContent />, {
      getOnCall: async () => onCallFixture({ rows: [burningRow] }),
    });

    const [row] = await bodyRows();
    const runbook = within(row).getByRole('link', { name: 'Runbook #errors' });
    expect(runbook).toHaveAttribute(
      'href',
      'https://docs.example.com/checkout-api.md#errors',
    );
    expect(runbook).toHaveAttribute('target', '_blank');
    expect(
      within(row).getByText('No runbook — alarm without runbook is noise'),
    ).toBeInTheDocument();
    expect(within(row).getByText('40.4%')).toBeInTheDocument();
    expect(within(row).getByText('30×')).toBeInTheDocument();
    expect(within(row).getByText('40 min ago')).toBeInTheDocument();
    expect(within(row).getByText('PROD · abc1234')).toBeInTheDocument();
    expect(within(row).getByText('Roll back first')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: 'checkout-api' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api/operations',
    );
  });

  it('says how old the data is', async () => {
    await renderFleet(<OnCallPageContent />, {
      getOnCall: async () => onCallFixture(),
    });

    expect(await screen.findByText(/Data collected/)).toHaveTextContent(
      'Data collected 5 min ago (2026-11-29T11:55:00Z)',
    );
    expect(screen.queryByText(/Stale data/)).not.toBeInTheDocument();
  });

  it('warns when the last refresh failed and the data is stale', async () => {
    await renderFleet(<OnCallPageContent />, {
      getOnCall: async () =>
        onCallFixture({
          stale: true,
          staleReason:
            'CloudWatch in us-east-1 is unavailable (ServiceUnavailableException)',
        }),
    });

    expect(await screen.findByText(/Stale data/)).toHaveTextContent(
      'Stale data: the last refresh failed (CloudWatch in us-east-1 is unavailable (ServiceUnavailableException)), so these figures are from the snapshot of 2026-11-29T11:55:00Z (5 min ago).',
    );
    expect(await serviceOrder()).toHaveLength(3);
  });

  it('shows the rows it has when some lack AWS data, each saying why', async () => {
    await renderFleet(<OnCallPageContent />, {
      getOnCall: async () => onCallFixture(),
    });

    expect(
      await screen.findByText(/1 service has no current AWS data/),
    ).toBeInTheDocument();
    const row = (await bodyRows())[1];
    expect(row.querySelector('td')).toHaveTextContent('Status: Unknown');
    expect(
      within(row).getByText(
        'Account 210987654321 is not configured: add it under aws.accounts',
      ),
    ).toBeInTheDocument();
  });

  it.each([
    [
      'before the first refresh',
      { snapshotAt: null },
      'The fleet has not been collected yet: the views fill in when the first refresh (lambdaOps.collector.schedule) ends',
    ],
    [
      'for a user in no group',
      { owners: ['user:default/guest'] },
      'user:default/guest belongs to no group in the catalog and owns no Lambda-backed entity: choose an owner, e.g. owner=group:default/payments',
    ],
    [
      'for an owner with nothing readable',
      { owners: ['group:default/nobody'] },
      'group:default/nobody owns no Lambda-backed entity that you may read',
    ],
  ])(
    'says why it is empty %s, in the words of the reply',
    async (_when, reply, reason) => {
      await renderFleet(<OnCallPageContent />, {
        getOnCall: async () =>
          onCallFixture({ ...reply, rows: [], emptyReason: reason }),
      });

      expect(await screen.findByText(reason)).toBeInTheDocument();
      expect(screen.queryByRole('table')).not.toBeInTheDocument();
    },
  );

  it('filters by status with the counts of the reply, and by search, keeping the order', async () => {
    await renderFleet(<OnCallPageContent />, {
      getOnCall: async () => onCallFixture(),
    });
    await table();

    await userEvent.click(screen.getByRole('button', { name: 'OK (1)' }));
    expect(await serviceOrder()).toEqual(['orders-api']);
    await userEvent.click(screen.getByRole('button', { name: 'Page (1)' }));
    expect(await serviceOrder()).toEqual(['checkout-api', 'orders-api']);

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search' }),
      'zzz',
    );
    expect(
      await screen.findByText('No service matches these filters.'),
    ).toBeInTheDocument();
  });

  it('shows a fleet a page of services at a time, worst first, and the first page again once filtered', async () => {
    const names = Array.from(
      { length: 120 },
      (_, i) => `svc-${String(i).padStart(3, '0')}`,
    );
    await renderFleet(<OnCallPageContent />, {
      getOnCall: async () =>
        onCallFixture({
          rows: names.map(name =>
            onCallRowFixture({
              entityRef: `component:default/${name}`,
              title: name,
            }),
          ),
        }),
    });

    expect(await serviceOrder()).toEqual(names.slice(0, 50));
    expect(screen.getByText('1-50 of 120')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await serviceOrder()).toEqual(names.slice(50, 100));

    // svc-000 to svc-099 match: the first 50 of them, not the second page's.
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search' }),
      'svc-0',
    );
    await waitFor(async () =>
      expect(await serviceOrder()).toEqual(names.slice(0, 50)),
    );
    expect(screen.getByText('1-50 of 100')).toBeInTheDocument();
  });

  it('asks for the owners in its address', async () => {
    const getOnCall = jest.fn(async () => onCallFixture());
    await renderFleet(
      <OnCallPageContent />,
      { getOnCall },
      { path: '/?owner=group:default/data-platform' },
    );

    await table();
    expect(getOnCall).toHaveBeenCalledWith({
      owners: ['group:default/data-platform'],
    });
  });

  it('shows the backend message when the reply is an error, and asks again on Retry', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message:
              'Owner "payments" is not an entity ref: use the form group:default/payments',
          },
          response: { statusCode: 400 },
        }),
        {
          status: 400,
          statusText: 'Bad Request',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    const getOnCall = jest
      .fn()
      .mockRejectedValueOnce(error)
      .mockResolvedValueOnce(onCallFixture());
    await renderFleet(<OnCallPageContent />, { getOnCall });

    expect(
      await screen.findByText(
        'Error: Could not load the on-call view: Owner "payments" is not an entity ref: use the form group:default/payments (HTTP 400)',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(getOnCall).toHaveBeenCalledTimes(2));
    expect(await serviceOrder()).toHaveLength(3);
  });
});
