import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the on-call page. @public */
export const onCallRouteRef = createRouteRef({ id: 'lambda-ops:on-call' });

/** Where the legacy app mounts the runbook-coverage scorecard. @public */
export const coverageRouteRef = createRouteRef({ id: 'lambda-ops:coverage' });

/** Where the legacy app mounts the SLO review. @public */
export const sloReviewRouteRef = createRouteRef({
  id: 'lambda-ops:slo-review',
});
