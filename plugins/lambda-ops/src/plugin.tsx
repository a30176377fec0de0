import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createCardExtension } from '@backstage/plugin-home-react';
import { LambdaOpsClient, lambdaOpsApiRef } from './api';
import { EntityLambdaOpsContent as OperationsTabContent } from './components/EntityLambdaOpsContent';
import {
  COVERAGE_SUBTITLE,
  COVERAGE_TITLE,
  ON_CALL_SUBTITLE,
  ON_CALL_TITLE,
  SLO_REVIEW_SUBTITLE,
  SLO_REVIEW_TITLE,
} from './fleet/titles';
import { coverageRouteRef, onCallRouteRef, sloReviewRouteRef } from './routes';

/**
 * Lambda Ops for the legacy frontend system. For the new frontend system use
 * the default export of `@lambda-ops/backstage-plugin/alpha`.
 *
 * @public
 */
export const lambdaOpsPlugin = createPlugin({
  id: 'lambda-ops',
  apis: [
    createApiFactory({
      api: lambdaOpsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new LambdaOpsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    onCall: onCallRouteRef,
    coverage: coverageRouteRef,
    sloReview: sloReviewRouteRef,
  },
});

/**
 * The Operations tab content, for an `EntityLayout.Route` of the entity page:
 *
 * ```tsx
 * <EntityLayout.Route path="/operations" title="Operations" if={isLambdaOpsAvailable}>
 *   <EntityLambdaOpsContent />
 * </EntityLayout.Route>
 * ```
 *
 * Its first part is small and loaded with the plugin, so the tab asks the backend for
 * its data as it opens; the rest of its code loads in the meantime.
 *
 * @public
 */
export const EntityLambdaOpsContent = lambdaOpsPlugin.provide(
  createComponentExtension({
    name: 'EntityLambdaOpsContent',
    component: { sync: OperationsTabContent },
  }),
);

/**
 * The overview card: the worst SLO status, the number of SLOs and the least error
 * budget left, with a link to the Operations tab. For the overview grid of the entity
 * page:
 *
 * ```tsx
 * <EntitySwitch>
 *   <EntitySwitch.Case if={isLambdaOpsAvailable}>
 *     <Grid item md={6}>
 *       <EntityLambdaOpsCard />
 *     </Grid>
 *   </EntitySwitch.Case>
 * </EntitySwitch>
 * ```
 *
 * @public
 */
export const EntityLambdaOpsCard = lambdaOpsPlugin.provide(
  createComponentExtension({
    name: 'EntityLambdaOpsCard',
    component: {
      lazy: () =>
        import('./components/EntityLambdaOpsCard').then(
          m => m.EntityLambdaOpsCard,
        ),
    },
  }),
);

/**
 * The on-call page: every service the signed-in user's groups own (or the owners
 * chosen on it), worst first, with the runbook of each firing page. For the app's
 * routes:
 *
 * ```tsx
 * <Route path="/lambda-ops/on-call" element={<LambdaOpsOnCallPage />} />
 * ```
 *
 * @public
 */
export const LambdaOpsOnCallPage = lambdaOpsPlugin.provide(
  createRoutableExtension({
    name: 'LambdaOpsOnCallPage',
    mountPoint: onCallRouteRef,
    component: () =>
      Promise.all([
        import('./components/OnCall'),
        import('./components/LegacyPage'),
      ]).then(([{ OnCallPageContent }, { LegacyPage }]) => () => (
        <LegacyPage title={ON_CALL_TITLE} subtitle={ON_CALL_SUBTITLE}>
          <OnCallPageContent />
        </LegacyPage>
      )),
  }),
);

/**
 * The SLO review: each SLO's last three completed calendar months (met, missed, never
 * burning), the deploys and incidents of the missed ones, and a CSV export. For the
 * app's routes:
 *
 * ```tsx
 * <Route path="/lambda-ops/slo-review" element={<LambdaOpsSloReviewPage />} />
 * ```
 *
 * @public
 */
export const LambdaOpsSloReviewPage = lambdaOpsPlugin.provide(
  createRoutableExtension({
    name: 'LambdaOpsSloReviewPage',
    mountPoint: sloReviewRouteRef,
    component: () =>
      Promise.all([
        import('./components/SloReview'),
        import('./components/LegacyPage'),
      ]).then(([{ SloReviewPageContent }, { LegacyPage }]) => () => (
        <LegacyPage title={SLO_REVIEW_TITLE} subtitle={SLO_REVIEW_SUBTITLE}>
          <SloReviewPageContent />
        </LegacyPage>
      )),
  }),
);

/**
 * The runbook-coverage scorecard: six checks per service with the reason for each
 * failure, a score per service and per owner, and a CSV export. For the app's routes:
 *
 * ```tsx
 * <Route path="/lambda-ops/coverage" element={<LambdaOpsCoveragePage />} />
 * ```
 *
 * @public
 */
export const LambdaOpsCoveragePage = lambdaOpsPlugin.provide(
  createRoutableExtension({
    name: 'LambdaOpsCoveragePage',
    mountPoint: coverageRouteRef,
    component: () =>
      Promise.all([
        import('./components/Coverage'),
        import('./components/LegacyPage'),
      ]).then(([{ CoveragePageContent }, { LegacyPage }]) => () => (
        <LegacyPage title={COVERAGE_TITLE} subtitle={COVERAGE_SUBTITLE}>
          <CoveragePageContent />
        </LegacyPage>
      )),
  }),
);

/**
 * The on-call card of a Group's page: the services the group owns, worst first, each
 * linking to its Operations tab. For the group page's overview grid:
 *
 * ```tsx
 * <Grid item xs={12}>
 *   <EntityLambdaOpsOnCallCard />
 * </Grid>
 * ```
 *
 * @public
 */
export const EntityLambdaOpsOnCallCard: () => JSX.Element =
  lambdaOpsPlugin.provide(
    createComponentExtension({
      name: 'EntityLambdaOpsOnCallCard',
      component: {
        lazy: () => import('./components/OnCall').then(m => m.EntityOnCallCard),
      },
    }),
  );

/**
 * The runbook-coverage card of a Group's page: the group's score and the checks its
 * services fail, with the fix for each.
 *
 * @public
 */
export const EntityLambdaOpsCoverageCard: () => JSX.Element =
  lambdaOpsPlugin.provide(
    createComponentExtension({
      name: 'EntityLambdaOpsCoverageCard',
      component: {
        lazy: () =>
          import('./components/Coverage').then(m => m.EntityCoverageCard),
      },
    }),
  );

/**
 * The on-call card for the home page (`@backstage/plugin-home`): the services the
 * signed-in user's groups own, worst first.
 *
 * ```tsx
 * <Grid item xs={12} md={6}>
 *   <HomePageLambdaOpsOnCall />
 * </Grid>
 * ```
 *
 * @public
 */
export const HomePageLambdaOpsOnCall = lambdaOpsPlugin.provide(
  createCardExtension({
    name: 'HomePageLambdaOpsOnCall',
    title: ON_CALL_TITLE,
    components: () =>
      import('./components/OnCall').then(m => ({
        Content: m.HomePageOnCallContent,
      })),
  }),
);
