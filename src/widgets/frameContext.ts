import { createContext, useContext } from 'react';
import type { BackendChoice, BackendName } from '../core/backend';

/** The plain-TypeScript path: no tfjs at all, for networks below the measured crossover. */
export interface PlainComputeChoice {
  name: 'plain';
  /** Why, in one sentence for the badge's tooltip. */
  reason: string;
}

/** What a widget computes on: a tfjs backend, or plain TypeScript. */
export type ComputeChoice = BackendChoice | PlainComputeChoice;

/** What `?backend=` may force: a tfjs backend, or the plain path where a widget has one. */
export type ComputeName = BackendName | 'plain';

/** What a widget can tell the frame around it. */
export interface FrameContextValue {
  /** Shows the compute backend in the frame's badge and on `data-backend`. */
  reportBackend: (choice: ComputeChoice | null, note?: string) => void;
  /** True while the widget is on or near the screen (heavy widgets pause otherwise). */
  onScreen: boolean;
  /** The `?backend=` the page asks for, already validated. */
  forcedBackend: ComputeName | null;
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
