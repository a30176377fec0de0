import { startTransition, useEffect, useState } from 'react';

/**
 * False for the first render of the calling component, true from the render after its
 * first commit: what depends on it is left out of the first commit. With `inTransition`
 * that render is a transition, which React renders in slices, so the browser paints
 * what the first commit put on the page before the rest is done.
 */
export function useCommitted(
  options: { inTransition?: boolean } = {},
): boolean {
  const { inTransition = false } = options;
  const [committed, setCommitted] = useState(false);
  useEffect(() => {
    if (inTransition) {
      startTransition(() => setCommitted(true));
    } else {
      setCommitted(true);
    }
  }, [inTransition]);
  return committed;
}
