import { useRef } from 'react';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  entitySignalChannel,
  EntitySignalMessage,
  OperationsResponse,
} from '@lambda-ops/backstage-plugin-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { lambdaOpsApiRef } from '../api';

/**
 * Loads the Operations reply for an entity; `retry` asks again. It asks again by itself
 * when the backend signals that the entity changed (a deploy marker landed, its status
 * changed), keeping the figures on screen meanwhile. Without the signals plugin
 * `useSignal` never fires, and the reply is the one of when the tab opened.
 */
export function useOperations(entityRef: CompoundEntityRef) {
  const api = useApi(lambdaOpsApiRef);
  const { namespace, kind, name } = entityRef;
  const ref = stringifyEntityRef(entityRef);
  const { lastSignal } = useSignal<EntitySignalMessage>(
    entitySignalChannel(ref),
  );
  const request = useAsyncRetry(
    () => api.getOperations({ namespace, kind, name }),
    [api, namespace, kind, name, lastSignal],
  );
  const shown = useRef<{ ref: string; value: OperationsResponse }>();
  if (!request.loading && request.value) {
    shown.current = { ref, value: request.value };
  }
  if (request.loading && shown.current?.ref === ref) {
    return { ...request, loading: false, value: shown.current.value };
  }
  return request;
}

/** The operations request, as {@link useOperations} returns it. */
export type OperationsRequest = ReturnType<typeof useOperations>;
