import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  coverageEntityFixture,
  coverageFixture,
  NOW,
} from '../../__fixtures__/fleet';
import { renderFleet } from '../../__testUtils__/renderFleet';
import {
  COVERAGE_CSV_FILE,
  CoveragePageContent,
  EntityCoverageCard,
} from './CoveragePage';

// A whole page in jsdom on a shared machine: the first render alone can take seconds.
jest.setTimeout(30_000);

const findTable = (name: string) =>
  screen.findByRole('table', { name }, { timeout: 5000 });

/** The text of each body row's cells, top to bottom. */
function cellTexts(table: HTMLElement): string[][] {
  return Array.from(table.querySelectorAll('tbody tr')).map(row =>
    Array.from(row.querySelectorAll('td')).map(cell => cell.textContent ?? ''),
  );
}

const paymentsGroup = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

describe('the coverage scorecard page', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows the owners worst first as the reply orders them, with their failing checks', async () => {
    const getCoverage = jest.fn(async () => coverageFixture());
    await renderFleet(<CoveragePageContent />, { getCoverage });

    const owners = await findTable('Coverage by owner, worst first');
    expect(cellTexts(owners)).toEqual([
      ['data-platform', '1', '50%', '0', '1', '1', '0', '0', '1'],
      ['payments', '1', '100%', '0', '0', '0', '0', '0', '0'],
    ]);
    expect(screen.getByText('Score 75% over 2 entities')).toBeInTheDocument();
    expect(getCoverage).toHaveBeenCalledWith({ owners: [] });
  });

  it('shows each check per entity with the reason for each failure, and links the Operations tab', async () => {
    await renderFleet(<CoveragePageContent />, {
      getCoverage: async () => coverageFixture(),
    });

    const entities = await findTable('Coverage by entity');
    const [gappy, healthy] = cellTexts(entities);
    expect(gappy).toEqual([
      'component:default/billing-events',
      'data-platform',
      '50%',
      'Pass',
      'FailNo runbook: add lambda-ops/runbook',
      'Failalarm billing-events-dlq links https://docs.example.com/gone.md which does not exist (404): check the path and the branch, or fix the link',
      'Pass',
      'n/a',
      'FailFailed deliveries: 10 of 0 allowed',
    ]);
    expect(healthy.slice(3)).toEqual(Array(6).fill('Pass'));
    expect(
      within(entities).getByRole('link', {
        name: 'component:default/billing-events',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/billing-events/operations',
    );
  });

  it('shows a fleet a page of entities at a time in the order of the reply, more once asked', async () => {
    const entities = Array.from({ length: 120 }, (_, i) =>
      coverageEntityFixture({
        entityRef: `component:default/svc-${String(i).padStart(3, '0')}`,
      }),
    );
    await renderFleet(<CoveragePageContent />, {
      getCoverage: async () => coverageFixture({ entities }),
    });

    const refs = async () =>
      cellTexts(await findTable('Coverage by entity')).map(([ref]) => ref);
    expect(await refs()).toEqual(
      entities.slice(0, 50).map(entity => entity.entityRef),
    );
    expect(screen.getByText('1-50 of 120')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /50/ }));
    await userEvent.click(await screen.findByRole('option', { name: '250' }));
    await waitFor(async () =>
      expect(await refs()).toEqual(entities.map(entity => entity.entityRef)),
    );
    // The two owners need no pager.
    expect(screen.getAllByText(/ of 120$/)).toHaveLength(1);
  });

  it('says why it is empty, in the words of the reply', async () => {
    const reason =
      'The fleet has not been collected yet: the views fill in when the first refresh (lambdaOps.collector.schedule) ends';
    await renderFleet(<CoveragePageContent />, {
      getCoverage: async () =>
        coverageFixture({
          snapshotAt: null,
          entities: [],
          owners: [],
          total: { entities: 0, score: null },
          emptyReason: reason,
        }),
    });

    expect(await screen.findByText(reason)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('warns that the data is stale and still shows it', async () => {
    await renderFleet(<CoveragePageContent />, {
      getCoverage: async () => coverageFixture({ stale: true }),
    });

    expect(await screen.findByText(/Stale data/)).toHaveTextContent(
      'the last refresh failed, so these figures are from the snapshot of 2026-11-29T11:55:00Z (5 min ago)',
    );
    expect(await findTable('Coverage by entity')).toBeInTheDocument();
  });

  it('exports the same owners as CSV, with the user credentials the client carries', async () => {
    const getCoverageCsv = jest.fn(
      async () => new Blob(['entity,owner\n'], { type: 'text/csv' }),
    );
    const createObjectURL = jest.fn(() => 'blob:scorecard');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicks: HTMLAnchorElement[] = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicks.push(this);
      });

    await renderFleet(
      <CoveragePageContent />,
      { getCoverage: async () => coverageFixture(), getCoverageCsv },
      { path: '/?owner=group:default/payments' },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Export CSV' }),
    );

    await waitFor(() => expect(clicks).toHaveLength(1));
    expect(getCoverageCsv).toHaveBeenCalledWith({
      owners: ['group:default/payments'],
    });
    expect(clicks[0].download).toBe(COVERAGE_CSV_FILE);
    expect(clicks[0].href).toBe('blob:scorecard');
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:scorecard');
  });
});

describe('the coverage card of a Group page', () => {
  it('asks for the group in context and lists its entities without an owners table', async () => {
    const getCoverage = jest.fn(async () =>
      coverageFixture({
        entities: [coverageEntityFixture()],
        owners: [],
        total: { entities: 1, score: 1 },
      }),
    );
    await renderFleet(
      <EntityProvider entity={paymentsGroup}>
        <EntityCoverageCard />
      </EntityProvider>,
      { getCoverage },
    );

    expect(await findTable('Coverage by entity')).toBeInTheDocument();
    expect(getCoverage).toHaveBeenCalledWith({
      owners: ['group:default/payments'],
    });
    expect(screen.getByText('Score 100% over 1 entity')).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Coverage by owner, worst first' }),
    ).not.toBeInTheDocument();
  });
});
