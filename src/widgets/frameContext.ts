import { createContext, useContext } from 'react';
import type { BackendChoice } from '../core/backend';

/** What a widget can tell the frame around it. */
export interface FrameContextValue {
  /** Shows the compute backend in the frame's badge and on `data-backend`. */
  reportBackend: (choice: BackendChoice | null, note?: string) => void;
  /** True while the widget is on or near the screen (heavy widgets pause otherwise). */
  onScreen: boolean;
  /** The `?backend=` the page asks for, already validated. */
  forcedBackend: BackendChoice['name'] | null;
  /** Changes when the compute backend changes (a lost GPU device); runners restart on it. */
  backendKey: string | null;
}

export const FrameContext = createContext<FrameContextValue>({
  reportBackend: () => {},
  onScreen: true,
  forcedBackend: null,
  backendKey: null,
});

export const useFrame = () => useContext(FrameContext);
