import { act, screen, waitFor } from '@testing-library/react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  EntitySignalMessage,
  OperationsResponse,
} from '@lambda-ops/backstage-plugin-common';
import {
  annotatedEntity,
  operationsFixture,
  runbookFixture,
  sloFixture,
} from '../__fixtures__/operations';
import { LambdaOpsApi, lambdaOpsApiRef } from '../api';
import { EntityOperationsLoader } from '../components/EntityOperationsLoader';

jest.setTimeout(30_000);

/** A signals API that lets the test speak on a channel. */
function fakeSignals() {
  const listeners = new Map<string, (message: EntitySignalMessage) => void>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      listeners.set(
        channel,
        onMessage as unknown as (message: EntitySignalMessage) => void,
      );
      return { unsubscribe: () => listeners.delete(channel) };
    },
  };
  return { api, listeners };
}

const before = operationsFixture({
  slos: [sloFixture({ description: 'Before the deploy' })],
});
const after = operationsFixture({
  slos: [sloFixture({ description: 'After the deploy' })],
});

function renderTab(
  getOperations: LambdaOpsApi['getOperations'],
  signals?: SignalApi,
) {
  const lambdaOps = {
    getOperations,
    getRunbook: jest.fn(async () => runbookFixture()),
  };
  const tab = (
    <EntityProvider entity={annotatedEntity}>
      <EntityOperationsLoader>
        {operations => <p>{operations.slos[0].description}</p>}
      </EntityOperationsLoader>
    </EntityProvider>
  );
  return renderInTestApp(
    signals ? (
      <TestApiProvider
        apis={[
          [lambdaOpsApiRef, lambdaOps],
          [signalApiRef, signals],
        ]}
      >
        {tab}
      </TestApiProvider>
    ) : (
      <TestApiProvider apis={[[lambdaOpsApiRef, lambdaOps]]}>
        {tab}
      </TestApiProvider>
    ),
  );
}

describe('useOperations', () => {
  it('loads the tab again when the backend signals that the entity changed', async () => {
    const getOperations = jest
      .fn<Promise<OperationsResponse>, any[]>()
      .mockResolvedValueOnce(before)
      .mockResolvedValueOnce(after);
    const signals = fakeSignals();
    await renderTab(getOperations, signals.api);
    expect(await screen.findByText('Before the deploy')).toBeInTheDocument();

    act(() =>
      signals.listeners.get('lambda-ops:entity:component:default/orders-api')!({
        reason: 'deploy-marker',
      }),
    );

    expect(await screen.findByText('After the deploy')).toBeInTheDocument();
    expect(screen.queryByText('Before the deploy')).not.toBeInTheDocument();
    expect(getOperations).toHaveBeenCalledTimes(2);
  });

  it('loads the tab once and shows it when the portal has no signals plugin', async () => {
    const getOperations = jest.fn(async () => before);
    await renderTab(getOperations);
    expect(await screen.findByText('Before the deploy')).toBeInTheDocument();
    await waitFor(() => expect(getOperations).toHaveBeenCalledTimes(1));
  });
});
