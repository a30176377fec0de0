import { screen, waitFor } from '@testing-library/react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  annotatedEntity,
  operationsFixture,
  plainEntity,
} from './__fixtures__/operations';
import { lambdaOpsApiRef } from './api';
import {
  EntityLambdaOpsCard,
  EntityLambdaOpsContent,
  isLambdaOpsAvailable,
  lambdaOpsPlugin,
} from '.';

describe('the legacy lambda-ops plugin', () => {
  it('has the id lambda-ops and provides the Lambda Ops API', () => {
    expect(lambdaOpsPlugin.getId()).toBe('lambda-ops');
    expect([...lambdaOpsPlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.lambda-ops.service',
    ]);
  });

  it('exports the predicate for EntityLayout.Route if={...}', () => {
    expect(isLambdaOpsAvailable(annotatedEntity)).toBe(true);
    expect(isLambdaOpsAvailable(plainEntity)).toBe(false);
  });

  it('renders EntityLambdaOpsContent for the entity in context', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [lambdaOpsApiRef, { getOperations: async () => operationsFixture() }],
        ]}
      >
        <EntityProvider entity={annotatedEntity}>
          <EntityLambdaOpsContent />
        </EntityProvider>
      </TestApiProvider>,
    );

    expect(
      await screen.findByRole('heading', {
        name: '99.9% of requests succeed over 30 days',
      }),
    ).toBeInTheDocument();
  });

  it('asks for the operations and the runbook as EntityLambdaOpsContent opens, both at once', async () => {
    const getOperations = jest.fn(() => new Promise<never>(() => {}));
    const getRunbook = jest.fn(() => new Promise<never>(() => {}));
    await renderInTestApp(
      <TestApiProvider
        apis={[[lambdaOpsApiRef, { getOperations, getRunbook }]]}
      >
        <EntityProvider entity={annotatedEntity}>
          <EntityLambdaOpsContent />
        </EntityProvider>
      </TestApiProvider>,
    );

    await waitFor(() => expect(getOperations).toHaveBeenCalledTimes(1));
    expect(getRunbook).toHaveBeenCalledTimes(1);
  });

  it('renders EntityLambdaOpsCard for the entity in context', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [lambdaOpsApiRef, { getOperations: async () => operationsFixture() }],
        ]}
      >
        <EntityProvider entity={annotatedEntity}>
          <EntityLambdaOpsCard />
        </EntityProvider>
      </TestApiProvider>,
    );

    expect(await screen.findByText('Worst status')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'View the Operations tab' }),
    ).toBeInTheDocument();
  });
});
