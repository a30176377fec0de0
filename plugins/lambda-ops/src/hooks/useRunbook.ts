import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { RUNBOOK_ANNOTATION } from '@lambda-ops/backstage-plugin-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { lambdaOpsApiRef } from '../api';

/**
 * Loads the runbook the entity names (`lambda-ops/runbook`); `retry` asks again. The tab
 * starts it together with the operations, since the runbook does not depend on them;
 * an entity that names no runbook is not asked for one (the value stays undefined).
 */
export function useRunbook(entity: Entity) {
  const api = useApi(lambdaOpsApiRef);
  const { namespace, kind, name } = getCompoundEntityRef(entity);
  const named = Boolean(
    entity.metadata.annotations?.[RUNBOOK_ANNOTATION]?.trim(),
  );
  return useAsyncRetry(
    async () => (named ? api.getRunbook({ namespace, kind, name }) : undefined),
    [api, namespace, kind, name, named],
  );
}

/** The runbook request of the tab, as {@link useRunbook} returns it. */
export type RunbookRequest = ReturnType<typeof useRunbook>;
