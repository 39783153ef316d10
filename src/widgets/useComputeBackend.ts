import { useEffect, useRef, useState } from 'react';
import {
  activeBackend,
  initBackend,
  loseWebGpuDeviceForTesting,
  onBackendChange,
  resetBackendChoice,
  setWasmFilePaths,
  tensorMemory,
} from '../core/backend';
import type { BackendChoice } from '../core/backend';
import type { PlainChoice } from '../core/mlpPlain';
import { useFrame, type PlainComputeChoice } from './frameContext';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export type ComputeState =
  | { status: 'waiting' }
  | { status: 'loading' }
  | { status: 'ready'; backend: BackendChoice | PlainComputeChoice }
  | { status: 'error'; message: string };

export interface ComputeOptions {
  /**
   * The widget can also compute in plain TypeScript: the core's `plainMlpChoice(sizes, batch)`
   * for its network, which says whether that path is measured faster. When it is (or the page
   * asks for `?backend=plain`), the widget is ready at once and tfjs is never loaded.
   */
  plain?: PlainChoice;
}

setWasmFilePaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

declare global {
  interface Window {
    /** For automation and the browser tests: tensor count, backend in use, device loss. */
    __kexueCore?: {
      memory: typeof tensorMemory;
      backend: () => string | null;
      resetBackendChoice: typeof resetBackendChoice;
      loseDevice: typeof loseWebGpuDeviceForTesting;
    };
  }
}

function exposeCore(): void {
  window.__kexueCore ??= {
    memory: tensorMemory,
    backend: () => activeBackend()?.name ?? null,
    resetBackendChoice,
    loseDevice: loseWebGpuDeviceForTesting,
  };
}

/**
 * Loads tfjs and chooses its backend once the widget is near the screen, and reports the
 * choice to the frame. Widgets that never call this never download tfjs; nor does a widget
 * whose `plain` path is preferred for its current settings.
 */
export function useComputeBackend(options: ComputeOptions = {}): ComputeState {
  const { onScreen, forcedBackend, reportBackend } = useFrame();
  const [state, setState] = useState<ComputeState>({ status: 'waiting' });
  const started = useRef(false);
  const plain = options.plain;
  const plainReason =
    plain && (forcedBackend === 'plain' || (forcedBackend === null && plain.preferred))
      ? forcedBackend === 'plain'
        ? 'plain TypeScript, forced by ?backend=plain'
        : plain.reason
      : null;
  // ?backend=plain on a widget that has no plain path: choose a tfjs backend, and say so.
  const unavailable = forcedBackend === 'plain' && !plain;
  const tfjsForce = forcedBackend === 'plain' ? null : forcedBackend;

  useEffect(() => {
    if (plainReason === null) return;
    reportBackend({ name: 'plain', reason: plainReason });
  }, [plainReason, reportBackend]);

  useEffect(() => {
    if (plainReason !== null || !onScreen || started.current) return;
    started.current = true;
    let cancelled = false;
    setState({ status: 'loading' });
    initBackend({ force: tfjsForce }).then(
      (backend) => {
        exposeCore();
        if (cancelled) return;
        const shown = unavailable
          ? {
              ...backend,
              reason: `this widget has no plain path for ?backend=plain; ${backend.reason}`,
            }
          : backend;
        reportBackend(shown);
        setState({ status: 'ready', backend: shown });
      },
      (error: unknown) => {
        if (cancelled) return;
        const message = error instanceof Error ? error.message : String(error);
        reportBackend(null, message);
        setState({ status: 'error', message });
      },
    );
    return () => {
      cancelled = true;
      started.current = false;
    };
  }, [plainReason, onScreen, tfjsForce, unavailable, reportBackend]);

  // After a lost GPU device the core moves to another backend; the widget follows it.
  useEffect(
    () =>
      onBackendChange((backend) => {
        if (plainReason !== null) return;
        reportBackend(backend);
        setState({ status: 'ready', backend });
      }),
    [reportBackend, plainReason],
  );

  return plainReason !== null
    ? { status: 'ready', backend: { name: 'plain', reason: plainReason } }
    : state;
}
