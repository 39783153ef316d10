/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { articlePlugins } from './scripts/mdx-pipeline.ts';

/** Base path for hosting under a sub-folder, e.g. BASE_PATH=/explorables/ npm run build. */
function basePath(): string {
  const raw = process.env.BASE_PATH ?? '/';
  const trimmed = raw.replace(/^\/*|\/*$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

export default defineConfig({
  base: basePath(),
  plugins: [...articlePlugins(), react({ include: /\.(mdx|tsx|ts)$/ })],
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
  test: {
    include: [
      'src/**/*.test.{ts,tsx}',
      'articles/**/*.test.{ts,tsx}',
      'tests/unit/**/*.test.{ts,tsx}',
    ],
    environment: 'node',
    testTimeout: 60_000,
  },
});
