import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { lambdaOpsApiRef } from '../api';

/**
 * Loads the on-call view for some owners (the caller's own when empty); `retry` asks
 * again. The owners are compared by value, so a new array with the same refs does not
 * ask twice.
 */
export function useOnCall(owners: string[]) {
  const api = useApi(lambdaOpsApiRef);
  const key = owners.join('\n');
  return useAsyncRetry(
    () => api.getOnCall({ owners: key ? key.split('\n') : [] }),
    [api, key],
  );
}

/** Loads the coverage scorecard for some owners (every readable entity when empty). */
export function useCoverage(owners: string[]) {
  const api = useApi(lambdaOpsApiRef);
  const key = owners.join('\n');
  return useAsyncRetry(
    () => api.getCoverage({ owners: key ? key.split('\n') : [] }),
    [api, key],
  );
}

/** Loads the SLO review for some owners (the caller's own when empty). */
export function useSloReview(owners: string[]) {
  const api = useApi(lambdaOpsApiRef);
  const key = owners.join('\n');
  return useAsyncRetry(
    () => api.getSloReview({ owners: key ? key.split('\n') : [] }),
    [api, key],
  );
}
