import { ReactElement } from 'react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { LambdaOpsApi, lambdaOpsApiRef } from '../api';

/** The groups the owner picker offers in the fleet tests. */
const groups = ['payments', 'data-platform'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
}));

/**
 * Renders a fleet view in the legacy test app with a Lambda Ops API of the given
 * methods, the catalog's groups, and entity pages mounted where the catalog mounts them.
 */
export function renderFleet(
  element: ReactElement,
  api: Partial<LambdaOpsApi>,
  options: { path?: string } = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [lambdaOpsApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: groups })],
      ]}
    >
      {element}
    </TestApiProvider>,
    {
      routeEntries: options.path ? [options.path] : undefined,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
