import { screen, waitFor } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
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
import { coverageFixture, onCallFixture } from '../__fixtures__/fleet';
import { lambdaOpsApiRef, LambdaOpsClient } from '../api';
import lambdaOpsPlugin, {
  coveragePage,
  sloReviewPage,
  entityCoverageCard,
  entityLambdaOpsCard,
  entityLambdaOpsContent,
  entityOnCallCard,
  homePageOnCallWidget,
  lambdaOpsApi,
  onCallPage,
} from '.';

// Whole pages in jsdom on a shared machine: the first render alone can take seconds.
jest.setTimeout(30_000);

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
  it.each([
    'api:lambda-ops',
    'entity-content:lambda-ops',
    'entity-card:lambda-ops',
    'page:lambda-ops/on-call',
    'page:lambda-ops/coverage',
    'page:lambda-ops/slo-review',
    'entity-card:lambda-ops/on-call',
    'entity-card:lambda-ops/coverage',
    'home-page-widget:lambda-ops/on-call',
  ])('has the extension %s the README documents', id => {
    expect(lambdaOpsPlugin.pluginId).toBe('lambda-ops');
    expect(lambdaOpsPlugin.getExtension(id as any)).toBeDefined();
  });
});

describe('the fleet pages', () => {
  it.each([
    ['/lambda-ops/on-call', 'On-call', () => createExtensionTester(onCallPage)],
    [
      '/lambda-ops/coverage',
      'Runbook coverage',
      () => createExtensionTester(coveragePage),
    ],
    [
      '/lambda-ops/slo-review',
      'SLO review',
      () => createExtensionTester(sloReviewPage),
    ],
  ])('mounts a page at %s with the nav title %s', (path, title, tester) => {
    expect(tester().get(coreExtensionData.routePath)).toBe(path);
    expect(tester().get(coreExtensionData.title)).toBe(title);
  });

  it('renders the on-call page with the rows of the reply', async () => {
    const getOnCall = jest.fn(async () => onCallFixture());
    await renderInTestApp(createExtensionTester(onCallPage).reactElement(), {
      apis: [
        [lambdaOpsApiRef, { getOnCall }],
        [catalogApiRef, catalogApiMock()],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    expect(
      await screen.findByRole(
        'link',
        { name: 'checkout-api' },
        { timeout: 10_000 },
      ),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api/operations',
    );
    expect(getOnCall).toHaveBeenCalledWith({ owners: [] });
  });

  it('renders the coverage page with the failing checks and their reasons', async () => {
    const getCoverage = jest.fn(async () => coverageFixture());
    await renderInTestApp(createExtensionTester(coveragePage).reactElement(), {
      apis: [
        [lambdaOpsApiRef, { getCoverage }],
        [catalogApiRef, catalogApiMock()],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    expect(
      await screen.findByText('No runbook: add lambda-ops/runbook', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
  });
});

describe('the Group cards', () => {
  const group = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'team', children: [] },
  };

  it.each([
    ['on-call', () => createExtensionTester(entityOnCallCard)],
    ['coverage', () => createExtensionTester(entityCoverageCard)],
  ])('shows the %s card on Group pages only', (_name, tester) => {
    const filter = tester().get(EntityCardBlueprint.dataRefs.filterFunction);

    expect(filter).toBeDefined();
    expect(filter!(group)).toBe(true);
    expect(filter!(annotatedEntity)).toBe(false);
  });

  it('renders the on-call card for the group in context', async () => {
    const getOnCall = jest.fn(async () => onCallFixture());
    await renderInTestApp(
      <EntityProvider entity={group}>
        {createExtensionTester(entityOnCallCard).reactElement()}
      </EntityProvider>,
      {
        apis: [[lambdaOpsApiRef, { getOnCall }]],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    expect(
      await screen.findByText('1 Page · 1 Unknown · 1 OK', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(getOnCall).toHaveBeenCalledWith({
      owners: ['group:default/payments'],
    });
  });
});

describe('the home page on-call widget', () => {
  it("is a home page widget titled On-call that renders the user's services", async () => {
    const widget = createExtensionTester(homePageOnCallWidget).get(
      HomePageWidgetBlueprint.dataRefs.widget,
    );
    expect(widget.title).toBe('On-call');
    expect(widget.name).toBe('LambdaOpsOnCall');

    const getOnCall = jest.fn(async () => onCallFixture());
    await renderInTestApp(widget.component, {
      apis: [[lambdaOpsApiRef, { getOnCall }]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    expect(
      await screen.findByRole(
        'link',
        { name: 'checkout-api' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(getOnCall).toHaveBeenCalledWith({ owners: [] });
  });
});
