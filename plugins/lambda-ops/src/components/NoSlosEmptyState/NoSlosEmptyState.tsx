import { EmptyState } from '@backstage/core-components';

/**
 * Said when the backend could compute no SLO, pointing at the problems when there
 * are any, since they are the usual reason.
 */
export function NoSlosEmptyState(props: { hasProblems: boolean }) {
  return (
    <EmptyState
      missing="data"
      title="No SLO could be computed"
      description={
        props.hasProblems
          ? 'Fix the problems reported for this entity; the SLOs appear once the functions and objectives can be read.'
          : 'There is no objective to evaluate for these functions yet.'
      }
    />
  );
}
