import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { lambdaOpsApiRef } from '../api';

/**
 * Loads the entity's runbook; `retry` asks again. Called only by the runbook panel,
 * so the runbook is fetched only when the panel is shown.
 */
export function useRunbook(entityRef: CompoundEntityRef) {
  const api = useApi(lambdaOpsApiRef);
  const { namespace, kind, name } = entityRef;
  return useAsyncRetry(
    () => api.getRunbook({ namespace, kind, name }),
    [api, namespace, kind, name],
  );
}
