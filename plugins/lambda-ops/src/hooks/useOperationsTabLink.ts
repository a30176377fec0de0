import { useEntityRefLink } from '@backstage/plugin-catalog-react';

/**
 * Where the Operations tab of an entity lives: its page, then the tab's default path.
 * An app that moves the tab (`entity-content:lambda-ops` config `path`) moves it away.
 */
export function useOperationsTabLink(): (entityRef: string) => string {
  const entityLink = useEntityRefLink();
  return entityRef => `${entityLink(entityRef)}/operations`;
}
