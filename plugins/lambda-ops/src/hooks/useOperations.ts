import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { lambdaOpsApiRef } from '../api';

/** Loads the Operations reply for an entity; `retry` asks again. */
export function useOperations(entityRef: CompoundEntityRef) {
  const api = useApi(lambdaOpsApiRef);
  const { namespace, kind, name } = entityRef;
  return useAsyncRetry(
    () => api.getOperations({ namespace, kind, name }),
    [api, namespace, kind, name],
  );
}

/** The operations request, as {@link useOperations} returns it. */
export type OperationsRequest = ReturnType<typeof useOperations>;
