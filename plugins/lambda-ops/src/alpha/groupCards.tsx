import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** Group pages only: the fleet cards answer for the group in context. */
const GROUPS = { kind: 'group' };

/**
 * The on-call card of Group pages: the services the group owns, worst first.
 *
 * @alpha
 */
export const entityOnCallCard = EntityCardBlueprint.make({
  name: 'on-call',
  params: {
    filter: GROUPS,
    loader: () =>
      import('../components/OnCall').then(m => <m.EntityOnCallCard />),
  },
});

/**
 * The runbook-coverage card of Group pages: the group's score and the checks its
 * services fail, with the fix for each.
 *
 * @alpha
 */
export const entityCoverageCard = EntityCardBlueprint.make({
  name: 'coverage',
  params: {
    filter: GROUPS,
    loader: () =>
      import('../components/Coverage').then(m => <m.EntityCoverageCard />),
  },
});
