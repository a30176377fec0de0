import { useCallback } from 'react';
import { useAppSearchParams } from '@backstage/frontend-plugin-api';

/**
 * The owners a fleet page shows, kept in its address as `?owner=…&owner=…`, so a
 * team's view can be bookmarked and shared.
 */
export function useOwnersParam(): [string[], (owners: string[]) => void] {
  const [params, setParams] = useAppSearchParams();
  const owners = params.getAll('owner');
  const setOwners = useCallback(
    (next: string[]) =>
      setParams(previous => {
        const updated = new URLSearchParams(previous);
        updated.delete('owner');
        for (const owner of next) {
          updated.append('owner', owner);
        }
        return updated;
      }),
    [setParams],
  );
  return [owners, setOwners];
}
