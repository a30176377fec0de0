import { ComponentType, lazy, ReactNode, Suspense } from 'react';

/**
 * A part of the tab whose code loads on its own, the first time it is shown, with
 * `placeholder` in its place until then. For the heavy parts below the fold (the
 * burn-down chart, alarms as code): the tab's own code stays small, so its alarms paint
 * first, and the rest follows without holding them up.
 */
export function lazyPart<Props extends object>(
  load: () => Promise<ComponentType<Props>>,
  placeholder: ReactNode = null,
): ComponentType<Props> {
  // React's types cannot carry props generic in `Props` through `lazy`; the
  // signature of lazyPart keeps them checked for its callers.
  const Part = lazy(async () => ({
    default: (await load()) as ComponentType<any>,
  }));
  return function LazyPart(props: Props) {
    return (
      <Suspense fallback={placeholder}>
        <Part {...props} />
      </Suspense>
    );
  };
}
