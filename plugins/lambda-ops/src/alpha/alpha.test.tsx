import { screen, waitFor } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  annotatedEntity,
  operationsFixture,
  plainEntity,
  sloFixture,
} from '../__fixtures__/operations';
import { lambdaOpsApiRef, LambdaOpsClient } from '../api';
import lambdaOpsPlugin, {
  entityLambdaOpsCard,
  entityLambdaOpsContent,
  lambdaOpsApi,
} from '.';

describe('the Operations entity content', () => {
  it('is mounted at /operations with the title Operations', () => {
    const tester = createExtensionTester(entityLambdaOpsContent);

    expect(tester.get(coreExtensionData.routePath)).toBe('/operations');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Operations',
    );
  });

  it('shows only on entities that name a Lambda function', () => {
    const filter = createExtensionTester(entityLambdaOpsContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );

    expect(filter).toBeDefined();
    expect(filter!(annotatedEntity)).toBe(true);
    expect(
      filter!({
        ...plainEntity,
        metadata: {
          name: 'by-arn',
          annotations: {
            'aws.amazon.com/lambda-function-arn':
              'arn:aws:lambda:us-east-1:123456789012:function:orders-api',
          },
        },
      }),
    ).toBe(true);
    expect(filter!(plainEntity)).toBe(false);
    expect(
      filter!({
        ...plainEntity,
        metadata: {
          name: 'blank',
          annotations: { 'aws.com/lambda-function-name': '  ' },
        },
      }),
    ).toBe(false);
  });

  it('renders the tab for the entity in context', async () => {
    const getOperations = jest.fn(async () => operationsFixture());
    const tester = createExtensionTester(entityLambdaOpsContent);

    await renderInTestApp(
      <EntityProvider entity={annotatedEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[lambdaOpsApiRef, { getOperations }]] },
    );

    expect(
      await screen.findByRole('heading', {
        name: '99.9% of requests succeed over 30 days',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Attainment')).toBeInTheDocument();
    expect(screen.getByText('99.98%')).toBeInTheDocument();
  });

  it('asks for the operations and the runbook as the tab opens, both at once', async () => {
    const getOperations = jest.fn(() => new Promise<never>(() => {}));
    const getRunbook = jest.fn(() => new Promise<never>(() => {}));
    const tester = createExtensionTester(entityLambdaOpsContent);

    await renderInTestApp(
      <EntityProvider entity={annotatedEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[lambdaOpsApiRef, { getOperations, getRunbook }]] },
    );

    await waitFor(() => expect(getOperations).toHaveBeenCalledTimes(1));
    expect(getRunbook).toHaveBeenCalledTimes(1);
  });
});

describe('the overview entity card', () => {
  it('shows only on entities that name a Lambda function', () => {
    const filter = createExtensionTester(entityLambdaOpsCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );

    expect(filter).toBeDefined();
    expect(filter!(annotatedEntity)).toBe(true);
    expect(filter!(plainEntity)).toBe(false);
  });

  it('renders the worst status and the lowest budget for the entity in context', async () => {
    const getOperations = jest.fn(async () =>
      operationsFixture({
        slos: [
          sloFixture({ id: 'a', status: 'ok' }),
          sloFixture({
            id: 'b',
            description: 'p95 Duration < 500 ms in 99% of 5-minute periods',
            status: 'warning',
            errorBudget: {
              total: 432,
              consumed: 260,
              remaining: 0.399,
              unit: 'minutes',
            },
          }),
        ],
      }),
    );
    const tester = createExtensionTester(entityLambdaOpsCard);

    await renderInTestApp(
      <EntityProvider entity={annotatedEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[lambdaOpsApiRef, { getOperations }]] },
    );

    const status = await screen.findByText('Worst status');
    expect(status.nextElementSibling).toHaveTextContent('Status: Warning');
    expect(
      screen.getByText('Lowest budget remaining').nextElementSibling,
    ).toHaveTextContent(
      '39.9%p95 Duration < 500 ms in 99% of 5-minute periods',
    );
    expect(getOperations).toHaveBeenCalledWith({
      namespace: 'default',
      kind: 'Component',
      name: 'orders-api',
    });
  });

  it('takes a filter from app-config instead of its own, like any entity card', () => {
    const filter = createExtensionTester(entityLambdaOpsCard, {
      config: { filter: { 'spec.type': 'website' } },
    }).get(EntityCardBlueprint.dataRefs.filterFunction);

    expect(filter!(plainEntity)).toBe(true);
    expect(filter!(annotatedEntity)).toBe(false);
  });
});

describe('the Lambda Ops API extension', () => {
  it('provides a LambdaOpsClient for lambdaOpsApiRef', () => {
    const factory = createExtensionTester(lambdaOpsApi).get(
      ApiBlueprint.dataRefs.factory,
    );

    expect(factory.api.id).toBe('plugin.lambda-ops.service');
    expect(Object.values(factory.deps).map(ref => ref.id)).toEqual([
      'core.discovery',
      'core.fetch',
    ]);
    expect(
      factory.factory({
        discoveryApi: { getBaseUrl: async () => '' },
        fetchApi: { fetch },
      }),
    ).toBeInstanceOf(LambdaOpsClient);
  });
});

describe('the lambda-ops frontend plugin', () => {
  it('has the plugin id lambda-ops and the three extension ids the README documents', () => {
    expect(lambdaOpsPlugin.pluginId).toBe('lambda-ops');
    expect(lambdaOpsPlugin.getExtension('api:lambda-ops')).toBeDefined();
    expect(
      lambdaOpsPlugin.getExtension('entity-content:lambda-ops'),
    ).toBeDefined();
    expect(
      lambdaOpsPlugin.getExtension('entity-card:lambda-ops'),
    ).toBeDefined();
  });
});
