import { useState } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  OperationsResponse,
  RunbookResponse,
} from '@lambda-ops/backstage-plugin-common';
import {
  alarmFixture,
  annotatedEntity,
  changeEventFixture,
  deployMarkerFixture,
  noRunbookEntity,
  operationsFixture,
  plainEntity,
  rollbackFixture,
  RUNBOOK_URL,
  runbookFixture,
  runbookReferenceFixture,
  sloFixture,
  triageFixture,
} from '../../__fixtures__/operations';
import { layOutChartsLikeABrowser } from '../../__testUtils__/chartLayout';
import { LambdaOpsApi, lambdaOpsApiRef } from '../../api';
import { EntityLambdaOpsContent } from './EntityLambdaOpsContent';

function renderContent(
  entity: Entity,
  getOperations: LambdaOpsApi['getOperations'],
  getRunbook: LambdaOpsApi['getRunbook'] = jest.fn(async () =>
    runbookFixture(),
  ),
) {
  return renderInTestApp(
    <TestApiProvider apis={[[lambdaOpsApiRef, { getOperations, getRunbook }]]}>
      <EntityProvider entity={entity}>
        <EntityLambdaOpsContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

function respondWith(operations: OperationsResponse) {
  return jest.fn<Promise<OperationsResponse>, any[]>(async () => operations);
}

async function errorResponse(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: 'Service Unavailable',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

/** The value shown next to a label in an SLO card's description list. */
function valueOf(card: HTMLElement, label: string): string | null {
  return within(card).getByText(label).nextElementSibling?.textContent ?? null;
}

describe('EntityLambdaOpsContent', () => {
  layOutChartsLikeABrowser();

  it('explains which annotation to add when the entity names no function, without calling the backend', async () => {
    const getOperations = respondWith(operationsFixture());
    await renderContent(plainEntity, getOperations);

    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText('aws.com/lambda-function-name').length,
    ).toBeGreaterThan(0);
    expect(getOperations).not.toHaveBeenCalled();
  });

  it('shows progress while the reply is on its way', async () => {
    await renderContent(annotatedEntity, () => new Promise(() => {}));

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('asks for the operations of the entity in context', async () => {
    const getOperations = respondWith(operationsFixture());
    await renderContent(annotatedEntity, getOperations);

    await screen.findByText('99.9% of requests succeed over 30 days');
    expect(getOperations).toHaveBeenCalledWith({
      namespace: 'default',
      kind: 'Component',
      name: 'orders-api',
    });
  });

  it('asks for the runbook beside the operations, without waiting for them', async () => {
    const getOperations = jest.fn(
      () => new Promise<OperationsResponse>(() => {}),
    );
    const getRunbook = jest.fn(() => new Promise<RunbookResponse>(() => {}));
    await renderContent(annotatedEntity, getOperations, getRunbook);

    await waitFor(() => expect(getRunbook).toHaveBeenCalledTimes(1));
    expect(getOperations).toHaveBeenCalledTimes(1);
    expect(getRunbook).toHaveBeenCalledWith({
      namespace: 'default',
      kind: 'Component',
      name: 'orders-api',
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('loads the operations and the runbook of the next entity when the entity changes', async () => {
    const paymentsEntity = {
      ...annotatedEntity,
      metadata: { ...annotatedEntity.metadata, name: 'payments-api' },
    };
    const getOperations = jest.fn(async ({ name }: { name: string }) =>
      operationsFixture({
        slos: [sloFixture({ description: `Availability of ${name}` })],
      }),
    );
    const getRunbook = jest.fn(async () => runbookFixture());
    function SwitchingEntity() {
      const [entity, setEntity] = useState<Entity>(annotatedEntity);
      return (
        <>
          <button onClick={() => setEntity(paymentsEntity)}>Next entity</button>
          <EntityProvider entity={entity}>
            <EntityLambdaOpsContent />
          </EntityProvider>
        </>
      );
    }
    await renderInTestApp(
      <TestApiProvider
        apis={[[lambdaOpsApiRef, { getOperations, getRunbook }]]}
      >
        <SwitchingEntity />
      </TestApiProvider>,
    );
    await screen.findByText('Availability of orders-api');

    await userEvent.click(screen.getByRole('button', { name: 'Next entity' }));

    expect(
      await screen.findByText('Availability of payments-api'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Availability of orders-api')).toBeNull();
    expect(getOperations).toHaveBeenLastCalledWith(
      expect.objectContaining({ name: 'payments-api' }),
    );
    expect(getRunbook).toHaveBeenLastCalledWith(
      expect.objectContaining({ name: 'payments-api' }),
    );
  });

  it('shows the backend error message and asks again on Retry', async () => {
    const error = await errorResponse(
      503,
      'ServiceUnavailableError',
      'CloudWatch is unreachable and nothing is cached',
    );
    const getOperations = jest
      .fn<Promise<OperationsResponse>, any[]>()
      .mockRejectedValueOnce(error)
      .mockResolvedValueOnce(operationsFixture());
    await renderContent(annotatedEntity, getOperations);

    expect(
      await screen.findByText(
        'Error: Could not load operations data: CloudWatch is unreachable and nothing is cached (HTTP 503)',
      ),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByText('99.9% of requests succeed over 30 days'),
    ).toBeInTheDocument();
    expect(getOperations).toHaveBeenCalledTimes(2);
  });

  it('keeps the title short when a proxy answers with a page of HTML', async () => {
    const page = `<html><body>${'Bad gateway. '.repeat(50)}</body></html>`;
    const error = await ResponseError.fromResponse(
      new Response(page, {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'Content-Type': 'text/html' },
      }),
    );
    await renderContent(annotatedEntity, async () => {
      throw error;
    });

    const title = await screen.findByText(
      /^Error: Could not load operations data: .*… \(HTTP 502\)$/,
    );
    expect(title.textContent!.length).toBeLessThan(300);
  });

  it('shows a network failure without crashing', async () => {
    await renderContent(annotatedEntity, async () => {
      throw new TypeError('Failed to fetch');
    });

    expect(
      await screen.findByText(
        'Error: Could not load operations data: Failed to fetch',
      ),
    ).toBeInTheDocument();
  });

  it('shows the pattern and the functions with their region and qualifier', async () => {
    await renderContent(
      annotatedEntity,
      respondWith(
        operationsFixture({
          functions: [
            {
              name: 'orders-api',
              region: 'us-east-1',
              accountId: null,
              qualifier: 'PROD',
            },
            {
              name: 'orders-worker',
              region: 'eu-west-1',
              accountId: '123456789012',
              qualifier: null,
            },
          ],
        }),
      ),
    );

    expect(
      await screen.findByText('orders-api:PROD (us-east-1)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('orders-worker (eu-west-1, account 123456789012)'),
    ).toBeInTheDocument();
    expect(screen.getByText(/api \(synchronous\)/)).toBeInTheDocument();
  });

  it('shows an SLO card with its target, attainment, budget and burn rates', async () => {
    await renderContent(annotatedEntity, respondWith(operationsFixture()));

    const card = await screen.findByRole('region', {
      name: '99.9% of requests succeed over 30 days',
    });
    expect(
      within(card).getByRole('heading', {
        name: '99.9% of requests succeed over 30 days',
      }),
    ).toBeInTheDocument();
    expect(valueOf(card, 'Target')).toBe('99.9%');
    expect(valueOf(card, 'Attainment')).toBe('99.98%');
    expect(valueOf(card, 'Error budget remaining')).toBe('80.0%');
    expect(valueOf(card, 'Error budget consumed')).toBe(
      '864 of 4,320 requests',
    );
    expect(within(card).getByText('OK')).toBeInTheDocument();
    expect(
      within(card).getByRole('progressbar', { name: 'Error budget remaining' }),
    ).toHaveAttribute('aria-valuenow', '80');

    const table = within(card).getByRole('table', { name: 'Burn rates' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(row => row.textContent)).toEqual([
      'Page1h / 5m14.40.2 / 0.1No',
      'Page6h / 30m60.3 / 0.2No',
      'Ticket3d / 6h10.25 / 0.3No',
    ]);
  });

  it('marks a page-status SLO with an overspent budget and a firing row', async () => {
    await renderContent(
      annotatedEntity,
      respondWith(
        operationsFixture({
          slos: [
            sloFixture({
              attainment: 0.9987,
              status: 'page',
              errorBudget: {
                total: 4320,
                consumed: 5400,
                remaining: -0.25,
                unit: 'requests',
              },
              burnRates: [
                {
                  severity: 'page',
                  longWindow: '1h',
                  shortWindow: '5m',
                  threshold: 14.4,
                  long: 30,
                  short: 30,
                  firing: true,
                  state: 'firing',
                },
              ],
            }),
          ],
        }),
      ),
    );

    const card = await screen.findByRole('region', {
      name: '99.9% of requests succeed over 30 days',
    });
    expect(valueOf(card, 'Attainment')).toBe('99.87%');
    expect(valueOf(card, 'Error budget remaining')).toBe('-25.0% overspent');
    expect(valueOf(card, 'Error budget consumed')).toBe(
      '5,400 of 4,320 requests',
    );
    expect(within(card).getByText('Status:').parentElement).toHaveTextContent(
      'Status: Page',
    );
    const [, firingRow] = within(card).getAllByRole('row');
    expect(firingRow).toHaveTextContent('Page1h / 5m14.430 / 30Firing');
  });

  it('says "No data" for an SLO without traffic and leaves out the burn-rate table', async () => {
    await renderContent(
      annotatedEntity,
      respondWith(
        operationsFixture({
          slos: [
            sloFixture({
              id: 'orders-api:latency',
              objective: 'latency',
              description: 'p95 Duration < 500 ms in 99% of 5-minute periods',
              target: 0.99,
              evaluation: 'period',
              attainment: null,
              status: 'no-data',
              errorBudget: {
                total: 0,
                consumed: 0,
                remaining: null,
                unit: 'minutes',
              },
              burnRates: [],
            }),
          ],
        }),
      ),
    );

    const card = await screen.findByRole('region', {
      name: 'p95 Duration < 500 ms in 99% of 5-minute periods',
    });
    expect(valueOf(card, 'Target')).toBe('99%');
    expect(valueOf(card, 'Attainment')).toBe('No data');
    expect(valueOf(card, 'Error budget remaining')).toBe('No data');
    expect(valueOf(card, 'Error budget consumed')).toBe('0 of 0 minutes');
    expect(within(card).queryByRole('progressbar')).not.toBeInTheDocument();
    expect(within(card).queryByRole('table')).not.toBeInTheDocument();
    expect(within(card).getByText('Status:').parentElement).toHaveTextContent(
      'Status: No data',
    );
  });

  it('lists every problem verbatim, and says no SLO could be computed', async () => {
    const problems = [
      {
        code: 'invalid-annotation' as const,
        annotation: 'lambda-ops/slo-pattern',
        message:
          'Annotation lambda-ops/slo-pattern: "rest" is not a pattern; use api, async or batch',
      },
      {
        code: 'invalid-annotation' as const,
        annotation: 'aws.amazon.com/lambda-function-arn',
        message:
          'Annotation aws.amazon.com/lambda-function-arn: "arn:aws:lambda:orders" is not a Lambda function ARN; expected arn:aws:lambda:<region>:<12-digit account>:function:<name>',
      },
    ];
    await renderContent(
      annotatedEntity,
      respondWith(operationsFixture({ slos: [], functions: [], problems })),
    );

    expect(await screen.findByText('Problems')).toBeInTheDocument();
    for (const problem of problems) {
      expect(screen.getByText(problem.message)).toBeInTheDocument();
    }
    expect(screen.getByText('No SLO could be computed')).toBeInTheDocument();
    expect(
      screen.queryByRole('region', {
        name: '99.9% of requests succeed over 30 days',
      }),
    ).not.toBeInTheDocument();
  });

  it('warns when the figures are stale, and only then', async () => {
    const { unmount } = await renderContent(
      annotatedEntity,
      respondWith(operationsFixture({ stale: true })),
    );
    expect(await screen.findByText('Stale data')).toBeInTheDocument();
    unmount();

    await renderContent(
      annotatedEntity,
      respondWith(operationsFixture({ stale: false })),
    );
    await screen.findByText('99.9% of requests succeed over 30 days');
    expect(screen.queryByText('Stale data')).not.toBeInTheDocument();
  });

  it('says how old stale figures are and why, as the reply words it', async () => {
    await renderContent(
      annotatedEntity,
      respondWith(
        operationsFixture({
          stale: true,
          staleCause: {
            minutesOld: 12,
            cause: 'throttled',
            message: 'data from 12 min ago — CloudWatch throttled',
          },
        }),
      ),
    );
    expect(
      await screen.findByText(
        /^data from 12 min ago — CloudWatch throttled; these figures come from the cache/,
      ),
    ).toBeInTheDocument();
  });

  it('says how far behind CloudWatch data is, and only when it lags', async () => {
    const { unmount } = await renderContent(
      annotatedEntity,
      respondWith(
        operationsFixture({
          dataLag: { minutes: 7, newestData: '2026-11-29T11:53:00.000Z' },
        }),
      ),
    );
    const alert = (await screen.findByText('CloudWatch data is 7 min behind'))
      .parentElement!;
    expect(alert).toHaveTextContent(
      'Its newest datapoint ends at 2026-11-29T11:53:00.000Z',
    );
    unmount();

    await renderContent(annotatedEntity, respondWith(operationsFixture()));
    await screen.findByText('99.9% of requests succeed over 30 days');
    expect(screen.queryByText(/CloudWatch data is/)).not.toBeInTheDocument();
  });

  describe('when alarms fire', () => {
    const firing = () =>
      operationsFixture({
        alarms: [
          alarmFixture({
            runbookUrl: `${RUNBOOK_URL}#a-triage-in-3-minutes`,
          }),
          alarmFixture({
            name: 'orders-api-throttles',
            arn: 'arn:throttles',
            metric: 'Throttles',
            severity: 'ticket',
            runbookUrl: null,
          }),
        ],
        triage: triageFixture(),
        runbook: runbookReferenceFixture(),
      });

    it('lays the tab out as triage, alarms, changes, SLOs, runbook, alarms as code', async () => {
      await renderContent(annotatedEntity, respondWith(firing()));

      await screen.findByRole('heading', { name: '3-minute triage' });
      // The tab's own sections, not the headings of the runbook's markdown.
      const runbookContent = await screen.findByTestId(
        'lambda-ops-runbook-content',
      );
      const headings = screen
        .getAllByRole('heading', { level: 2 })
        .filter(heading => !runbookContent.contains(heading))
        .map(heading => heading.textContent);
      expect(headings).toEqual([
        '3-minute triage',
        'Alarms',
        'Changes',
        'Service level objectives',
        'Runbook',
        'Alarms as code',
      ]);
      expect(
        screen.getByText('2 firing · 1 Page · 1 Ticket · 1 defect'),
      ).toBeInTheDocument();
      expect(screen.getByRole('alert')).toHaveTextContent(
        'Deployed 40 min before the alarm: roll back first',
      );
    });

    it('shows the section an alarm links to in the runbook panel', async () => {
      const getRunbook = jest.fn(async () => runbookFixture());
      await renderContent(annotatedEntity, respondWith(firing()), getRunbook);

      const link = await screen.findByRole('link', {
        name: 'Runbook #a-triage-in-3-minutes',
      });
      await screen.findByRole('heading', { name: 'C. Permanent fix' });
      await userEvent.click(link);

      const panel = screen.getByRole('region', { name: 'Runbook' });
      const section = within(panel).getByRole('heading', {
        name: 'A. Triage in 3 minutes',
      });
      await waitFor(() =>
        expect(section).toHaveAttribute('data-lambda-ops-highlight', 'true'),
      );
      expect(section).toHaveAttribute('id', 'a-triage-in-3-minutes');
      expect(getRunbook).toHaveBeenCalledTimes(1);
      expect(getRunbook).toHaveBeenCalledWith({
        namespace: 'default',
        kind: 'Component',
        name: 'orders-api',
      });
    });

    it('leads from the header to the runbook panel', async () => {
      await renderContent(annotatedEntity, respondWith(firing()));

      const link = await screen.findByRole('link', { name: 'Runbook' });
      expect(link).toHaveAttribute('href', '#lambda-ops-runbook');
      expect(document.getElementById('lambda-ops-runbook')).toBeInTheDocument();
    });
  });

  it('leaves out the triage when there is none, and does not fetch a runbook that is not annotated', async () => {
    const getRunbook = jest.fn<Promise<RunbookResponse>, any[]>();
    await renderContent(
      noRunbookEntity,
      respondWith(operationsFixture({ alarms: [], triage: [], runbook: null })),
      getRunbook,
    );

    expect(
      await screen.findByText('No CloudWatch alarms found for these functions'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: '3-minute triage' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText('No runbook annotated — add lambda-ops/runbook'),
    ).toBeInTheDocument();
    expect(getRunbook).not.toHaveBeenCalled();
  });

  describe('after a deploy shortly before a page-level burn', () => {
    const burning = () =>
      operationsFixture({
        alarms: [alarmFixture()],
        triage: triageFixture(),
        slos: [
          sloFixture({
            status: 'page',
            burningSince: '2026-11-28T11:20:40Z',
            deployBeforeBurn: {
              deployMarkerId: 'gh-run-4242-1',
              changeSummary: 'orders-api v42: new payment client',
              minutes: 0,
            },
          }),
        ],
        deployMarkers: [deployMarkerFixture(), changeEventFixture()],
        rollback: rollbackFixture(),
      });
    const MESSAGE =
      'orders-api: deployed 0 min before the burn started — roll back PROD to version 41 first';

    it('says to roll back first at the very top, with the command, and does not repeat the deploy as a triage banner', async () => {
      await renderContent(annotatedEntity, respondWith(burning()));

      const title = await screen.findByText(MESSAGE);
      const banner = title.closest('[role="alert"]') as HTMLElement;
      expect(banner.className).toMatch(/MuiAlert-standardError/);
      // Above everything else on the tab: the header, the triage, the alarms.
      for (const later of [
        screen.getByText('Pattern:'),
        screen.getByRole('heading', { name: '3-minute triage' }),
        screen.getByRole('heading', { name: 'Alarms' }),
      ]) {
        expect(
          banner.compareDocumentPosition(later) &
            Node.DOCUMENT_POSITION_FOLLOWING,
        ).toBeTruthy();
      }
      expect(banner.querySelector('code')).toHaveTextContent(
        'aws lambda update-alias --function-name orders-api --name PROD --function-version 41',
      );
      expect(
        await within(banner).findByRole('button', { name: 'Copy text' }),
      ).toBeInTheDocument();

      // The only error banner; the triage lists the deploy check as an item.
      const triage = screen.getByRole('region', { name: '3-minute triage' });
      expect(within(triage).queryByRole('alert')).not.toBeInTheDocument();
      expect(
        within(within(triage).getByRole('list')).getByText(
          'Deployed 40 min before the alarm: roll back first',
        ),
      ).toBeInTheDocument();
    });

    it('links the banner to the highlighted deploy in the change timeline', async () => {
      await renderContent(annotatedEntity, respondWith(burning()));

      const link = await screen.findByRole('link', { name: 'See the change' });
      const changes = screen.getByRole('region', { name: 'Changes' });
      const target = document.querySelector(link.getAttribute('href')!);
      expect(changes).toContainElement(target as HTMLElement);
      expect(target).toHaveAttribute('data-lambda-ops-highlight', 'true');
      expect(target).toHaveTextContent('orders-api v42: new payment client');
      expect(
        within(changes)
          .getAllByRole('listitem')
          .filter(item => item.hasAttribute('id')),
      ).toHaveLength(2);
    });

    it('puts the deploy and the start of the burn on the SLO chart, and the gap under its burn rates', async () => {
      await renderContent(annotatedEntity, respondWith(burning()));

      const card = await screen.findByRole('region', {
        name: '99.9% of requests succeed over 30 days',
      });
      expect(await within(card).findByRole('img')).toHaveAccessibleDescription(
        /^Deploy: orders-api v42: new payment client at Nov 28, 11:20 UTC .* Burn started at Nov 28, 11:20 UTC$/,
      );
      expect(
        within(card).getByText('Deployed 0 min before the burn started'),
      ).toBeInTheDocument();
    });
  });

  it('shows the triage deploy banner as before when there is no rollback hint, and says how to record deploys', async () => {
    await renderContent(
      annotatedEntity,
      respondWith(
        operationsFixture({
          alarms: [alarmFixture()],
          triage: triageFixture(),
        }),
      ),
    );

    const triage = await screen.findByRole('region', {
      name: '3-minute triage',
    });
    expect(within(triage).getByRole('alert')).toHaveTextContent(
      'Deployed 40 min before the alarm: roll back first',
    );
    expect(
      screen.queryByRole('link', { name: 'See the change' }),
    ).not.toBeInTheDocument();
    const changes = screen.getByRole('region', { name: 'Changes' });
    expect(
      within(changes).getByText(
        'No deploys or configuration changes in the last 7 days',
      ),
    ).toBeInTheDocument();
  });
});
