import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import type { SloReviewResponse } from '@lambda-ops/backstage-plugin-common';
import { renderFleet } from '../../__testUtils__/renderFleet';
import { SLO_REVIEW_CSV_FILE, SloReviewPageContent } from './SloReviewPage';

// A whole page in jsdom on a shared machine: the first render alone can take seconds.
jest.setTimeout(30_000);

const month = (
  name: string,
  verdict: SloReviewResponse['rows'][number]['months'][number]['verdict'],
  fields: Partial<SloReviewResponse['rows'][number]['months'][number]> = {},
) => ({
  month: name,
  verdict,
  attainment: null,
  budgetConsumed: null,
  hint: null,
  deploys: [],
  incidents: [],
  ...fields,
});

function reviewFixture(): SloReviewResponse {
  return {
    owners: ['user:default/alice', 'group:default/payments'],
    months: ['2026-09', '2026-10', '2026-11'],
    emptyReason: null,
    rows: [
      {
        entityRef: 'component:default/orders-api',
        title: 'Orders API',
        owner: 'group:default/payments',
        sloId: 'orders-api:availability',
        objective: 'availability',
        target: 0.999,
        months: [
          month('2026-09', 'no-data'),
          month('2026-10', 'missed', {
            attainment: 0.997,
            budgetConsumed: 3,
            hint: "300% of the budget spent: review the month's deploys and incidents",
            deploys: [
              {
                ts: '2026-10-12T10:00:00.000Z',
                env: 'PROD',
                gitSha: 'abc1234',
                changeSummary: 'new payment client',
              },
            ],
            incidents: [
              {
                alarmName: 'orders-api-errors-page',
                start: '2026-10-12T10:40:00.000Z',
                end: '2026-10-12T11:25:00.000Z',
                runbookUrl: 'https://runbooks.example.com/orders#errors',
              },
              {
                alarmName: 'orders-api-latency-page',
                start: '2026-10-31T23:10:00.000Z',
                end: null,
                runbookUrl: null,
              },
            ],
          }),
          // The reply's verdict is shown as it is, whatever the figures.
          month('2026-11', 'never-burning', {
            attainment: 1,
            budgetConsumed: 0,
            hint: 'the target may be too loose',
          }),
        ],
      },
    ],
  };
}

const findTable = () =>
  screen.findByRole(
    'table',
    { name: 'SLO review by month' },
    { timeout: 5000 },
  );

describe('the SLO review page', () => {
  it('shows many SLOs a page at a time in the order of the reply', async () => {
    const [row] = reviewFixture().rows;
    const titles = Array.from({ length: 60 }, (_, i) => `Service ${i}`);
    await renderFleet(<SloReviewPageContent />, {
      getSloReview: async () => ({
        ...reviewFixture(),
        rows: titles.map((title, i) => ({
          ...row,
          entityRef: `component:default/service-${i}`,
          title,
        })),
      }),
    });

    const shownTitles = async () =>
      Array.from((await findTable()).querySelectorAll('tbody tr')).map(
        tr => tr.querySelector('td')!.textContent,
      );
    expect(await shownTitles()).toEqual(titles.slice(0, 50));
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(async () =>
      expect(await shownTitles()).toEqual(titles.slice(50)),
    );
    expect(screen.getByText('51-60 of 60')).toBeInTheDocument();
  });

  it("shows each month's verdict as the reply gives it, with the missed month's deploys and incidents", async () => {
    const getSloReview = jest.fn(async () => reviewFixture());
    await renderFleet(<SloReviewPageContent />, { getSloReview });

    const table = await findTable();
    const cells = Array.from(table.querySelectorAll('tbody td')).map(
      cell => cell.textContent ?? '',
    );
    expect(cells[0]).toBe('Orders API');
    expect(cells[3]).toBe('No data');
    expect(cells[4]).toMatch(/^Missed99\.70%, 300% of budget/);
    expect(cells[5]).toMatch(/^Never burning100\.00%, 0% of budget/);
    expect(
      within(table).getByRole('list', { name: 'Deploys in 2026-10' }),
    ).toHaveTextContent('2026-10-12 10:00 PROD: new payment client');
    const incidents = within(table).getByRole('list', {
      name: 'Incidents in 2026-10',
    });
    expect(
      within(incidents)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'Paged: orders-api-errors-page, 2026-10-12 10:40 to 2026-10-12 11:25 · runbook',
      'Paged: orders-api-latency-page, 2026-10-31 23:10 to ongoing · no runbook',
    ]);
    expect(
      within(incidents).getByRole('link', { name: 'runbook' }),
    ).toHaveAttribute('href', 'https://runbooks.example.com/orders#errors');
    expect(
      within(table).getByRole('link', { name: 'Orders API' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/orders-api/operations',
    );
    // Without owners in the address: the signed-in user's own.
    expect(getSloReview).toHaveBeenCalledWith({ owners: [] });
  });

  it('asks for the owners in its address', async () => {
    const getSloReview = jest.fn(async () => reviewFixture());
    await renderFleet(
      <SloReviewPageContent />,
      { getSloReview },
      { path: '/?owner=group:default/data-platform' },
    );
    await findTable();
    expect(getSloReview).toHaveBeenCalledWith({
      owners: ['group:default/data-platform'],
    });
  });

  it('says why there are no rows, in the words of the reply', async () => {
    await renderFleet(<SloReviewPageContent />, {
      getSloReview: async () => ({
        ...reviewFixture(),
        rows: [],
        emptyReason:
          'No month of 2026-09 to 2026-11 is kept yet: each completed month is computed at the first fleet refresh after it ends',
      }),
    });
    expect(
      await screen.findByText(/No month of 2026-09 to 2026-11 is kept yet/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the backend message when the reply is an error, and asks again on Retry', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message: 'Invalid owner "payments": expected a full entity ref',
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
    const getSloReview = jest
      .fn()
      .mockRejectedValueOnce(error)
      .mockResolvedValueOnce(reviewFixture());
    await renderFleet(<SloReviewPageContent />, { getSloReview });
    expect(
      await screen.findByText(
        'Error: Could not load the SLO review: Invalid owner "payments": expected a full entity ref (HTTP 400)',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await findTable()).toBeInTheDocument();
  });

  it('exports the same owners as CSV', async () => {
    const getSloReviewCsv = jest.fn(
      async () => new Blob(['entityRef\n'], { type: 'text/csv' }),
    );
    Object.assign(URL, {
      createObjectURL: jest.fn(() => 'blob:review'),
      revokeObjectURL: jest.fn(),
    });
    const clicks: HTMLAnchorElement[] = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicks.push(this);
      });
    await renderFleet(
      <SloReviewPageContent />,
      { getSloReview: async () => reviewFixture(), getSloReviewCsv },
      { path: '/?owner=group:default/payments' },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Export CSV' }),
    );
    await waitFor(() => expect(clicks).toHaveLength(1));
    expect(getSloReviewCsv).toHaveBeenCalledWith({
      owners: ['group:default/payments'],
    });
    expect(clicks[0].download).toBe(SLO_REVIEW_CSV_FILE);
  });
});
