import { PageBlueprint } from '@backstage/frontend-plugin-api';
import Assessment from '@material-ui/icons/Assessment';
import NotificationsActive from '@material-ui/icons/NotificationsActive';
import EventNote from '@material-ui/icons/EventNote';
import {
  COVERAGE_TITLE,
  ON_CALL_TITLE,
  SLO_REVIEW_TITLE,
} from '../fleet/titles';

/**
 * The on-call page, with a nav item: every service the signed-in user's groups own (or
 * the owners chosen on it), worst first. `app.extensions` config can move it (`path`)
 * or rename it (`title`).
 *
 * @alpha
 */
export const onCallPage = PageBlueprint.make({
  name: 'on-call',
  params: {
    path: '/lambda-ops/on-call',
    title: ON_CALL_TITLE,
    icon: <NotificationsActive fontSize="inherit" />,
    loader: () =>
      import('../components/OnCall').then(m => <m.OnCallPageContent />),
  },
});

/**
 * The runbook-coverage scorecard page, with a nav item: six checks per service, a score
 * per service and per owner, worst owners first, and a CSV export.
 *
 * @alpha
 */
export const coveragePage = PageBlueprint.make({
  name: 'coverage',
  params: {
    path: '/lambda-ops/coverage',
    title: COVERAGE_TITLE,
    icon: <Assessment fontSize="inherit" />,
    loader: () =>
      import('../components/Coverage').then(m => <m.CoveragePageContent />),
  },
});

/**
 * The SLO review page, with a nav item: each SLO's last three completed months (met,
 * missed, never burning) for the signed-in user's groups or the owners chosen on it,
 * the deploys and incidents of the missed months, and a CSV export.
 *
 * @alpha
 */
export const sloReviewPage = PageBlueprint.make({
  name: 'slo-review',
  params: {
    path: '/lambda-ops/slo-review',
    title: SLO_REVIEW_TITLE,
    icon: <EventNote fontSize="inherit" />,
    loader: () =>
      import('../components/SloReview').then(m => <m.SloReviewPageContent />),
  },
});
