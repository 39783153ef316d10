import { useSyncExternalStore } from 'react';

/** Back/forward navigation (and scripts that set the address and announce it) change the state. */
const subscribe = (onChange: () => void) => {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
};

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
