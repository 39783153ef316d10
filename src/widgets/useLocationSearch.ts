import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * The page's query string, or null while rendering on the server and hydrating. State read from
 * the URL therefore appears right after hydration, and the first render still matches the
 * prerendered HTML.
 */
export function useLocationSearch(): string | null {
  return useSyncExternalStore(
    subscribe,
    () => window.location.search,
    () => null,
  );
}
