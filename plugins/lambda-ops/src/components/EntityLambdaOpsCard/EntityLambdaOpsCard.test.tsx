import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  OperationsResponse,
  SloStatus,
} from '@lambda-ops/backstage-plugin-common';
import {
  annotatedEntity,
  failedDeliveriesSloFixture,
  operationsFixture,
  plainEntity,
  sloFixture,
} from '../../__fixtures__/operations';
import { LambdaOpsApi, lambdaOpsApiRef } from '../../api';
import { EntityLambdaOpsCard } from './EntityLambdaOpsCard';

function renderCard(
  entity: Entity,
  getOperations: LambdaOpsApi['getOperations'],
) {
  return renderInTestApp(
    <TestApiProvider apis={[[lambdaOpsApiRef, { getOperations }]]}>
      <EntityProvider entity={entity}>
        <EntityLambdaOpsCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

function respondWith(operations: OperationsResponse) {
  return jest.fn<Promise<OperationsResponse>, any[]>(async () => operations);
}

/** The value shown next to a label in the card's description list. */
function valueOf(label: string): HTMLElement {
  return screen.getByText(label).nextElementSibling as HTMLElement;
}

const slo = (id: string, status: SloStatus, remaining: number | null) =>
  sloFixture({
    id,
    description: `SLO ${id}`,
    status,
    errorBudget: { total: 4320, consumed: 0, remaining, unit: 'requests' },
  });

describe('EntityLambdaOpsCard', () => {
  it('shows the worst status, the number of SLOs and the lowest budget left, with its SLO', async () => {
    await renderCard(
      annotatedEntity,
      respondWith(
        operationsFixture({
          slos: [
            slo('availability', 'warning', 0.399),
            slo('latency', 'breached', -0.25),
            slo('event-age', 'ok', 0.9),
            slo('success-rate', 'no-data', null),
          ],
        }),
      ),
    );

    await screen.findByText('Worst status');
    const status = valueOf('Worst status');
    expect(status).toHaveTextContent('Status: Breached');
    expect(
      within(status).getByText('Breached').closest('.MuiChip-root')!.className,
    ).toMatch(/\bLambdaOpsToneChip-error-/);
    expect(valueOf('SLOs')).toHaveTextContent('4');
    expect(valueOf('Lowest budget remaining')).toHaveTextContent(
      '-25.0%SLO latency',
    );
  });

  it('ranks a page above a breached budget', async () => {
    await renderCard(
      annotatedEntity,
      respondWith(
        operationsFixture({
          slos: [slo('a', 'breached', -0.1), slo('b', 'page', 0.6)],
        }),
      ),
    );

    await screen.findByText('Worst status');
    expect(valueOf('Worst status')).toHaveTextContent('Status: Page');
    expect(valueOf('Lowest budget remaining')).toHaveTextContent('-10.0%SLO a');
  });

  it('counts a zero-tolerance SLO in the status but not in the lowest budget', async () => {
    await renderCard(
      annotatedEntity,
      respondWith(
        operationsFixture({
          slos: [slo('availability', 'ok', 0.95), failedDeliveriesSloFixture()],
        }),
      ),
    );

    await screen.findByText('Worst status');
    expect(valueOf('Worst status')).toHaveTextContent('Status: Breached');
    expect(valueOf('SLOs')).toHaveTextContent('2');
    expect(valueOf('Lowest budget remaining')).toHaveTextContent(
      '95.0%SLO availability',
    );
  });

  it('says "No data" for the lowest budget when no SLO had traffic', async () => {
    await renderCard(
      annotatedEntity,
      respondWith(operationsFixture({ slos: [slo('a', 'no-data', null)] })),
    );

    await screen.findByText('Worst status');
    expect(valueOf('Worst status')).toHaveTextContent('Status: No data');
    expect(valueOf('Lowest budget remaining')).toHaveTextContent('No data');
  });

  it('links to the Operations tab next to the overview', async () => {
    await renderCard(annotatedEntity, respondWith(operationsFixture()));

    expect(
      await screen.findByRole('link', { name: 'View the Operations tab' }),
    ).toHaveAttribute('href', '/operations');
  });

  it('says no SLO could be computed when there is none', async () => {
    await renderCard(
      annotatedEntity,
      respondWith(operationsFixture({ slos: [] })),
    );

    expect(
      await screen.findByText('No SLO could be computed'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Worst status')).not.toBeInTheDocument();
  });

  it('warns when the figures are stale', async () => {
    await renderCard(
      annotatedEntity,
      respondWith(operationsFixture({ stale: true })),
    );

    expect(await screen.findByText(/^Stale data:/)).toBeInTheDocument();
  });

  it('shows progress while the reply is on its way', async () => {
    await renderCard(annotatedEntity, () => new Promise(() => {}));

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the error and asks again on Retry', async () => {
    const getOperations = jest
      .fn<Promise<OperationsResponse>, any[]>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(operationsFixture());
    await renderCard(annotatedEntity, getOperations);

    expect(
      await screen.findByText(
        'Error: Could not load operations data: Failed to fetch',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await screen.findByText('Worst status')).toBeInTheDocument();
    expect(getOperations).toHaveBeenCalledTimes(2);
  });

  it('explains which annotation to add when the entity names no function', async () => {
    const getOperations = respondWith(operationsFixture());
    await renderCard(plainEntity, getOperations);

    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(getOperations).not.toHaveBeenCalled();
  });
});
