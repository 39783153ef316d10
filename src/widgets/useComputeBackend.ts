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
import { useFrame } from './frameContext';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export type ComputeState =
  | { status: 'waiting' }
  | { status: 'loading' }
  | { status: 'ready'; backend: BackendChoice }
  | { status: 'error'; message: string };

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
 * choice to the frame. Widgets that never call this never download tfjs.
 */
export function useComputeBackend(): ComputeState {
  const { onScreen, forcedBackend, reportBackend } = useFrame();
  const [state, setState] = useState<ComputeState>({ status: 'waiting' });
  const started = useRef(false);

  useEffect(() => {
    if (!onScreen || started.current) return;
    started.current = true;
    let cancelled = false;
    setState({ status: 'loading' });
    initBackend({ force: forcedBackend }).then(
      (backend) => {
        exposeCore();
        if (cancelled) return;
        reportBackend(backend);
        setState({ status: 'ready', backend });
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
  }, [onScreen, forcedBackend, reportBackend]);

  // After a lost GPU device the core moves to another backend; the widget follows it.
  useEffect(
    () =>
      onBackendChange((backend) => {
        reportBackend(backend);
        setState({ status: 'ready', backend });
      }),
    [reportBackend],
  );

  return state;
}
