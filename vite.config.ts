/// <reference types="vitest/config" />
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { articlePlugins } from './scripts/mdx-pipeline.ts';
import { devPages } from './scripts/dev-pages.ts';

/** Base path for hosting under a sub-folder, e.g. BASE_PATH=/explorables/ npm run build. */
function basePath(): string {
  const raw = process.env.BASE_PATH ?? '/';
  const trimmed = raw.replace(/^\/*|\/*$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/** `vite preview` answers unknown paths with dist/404.html and status 404, as static hosts do. */
function notFoundPage(): Plugin {
  return {
    name: 'not-found-page',
    configurePreviewServer(server) {
      return () => {
        server.middlewares.use((req, res, next) => {
          const outDir = path.resolve(server.config.build.outDir);
          const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
          const base = server.config.base;
          const local = path.join(
            outDir,
            pathname.startsWith(base) ? pathname.slice(base.length) : pathname,
          );
          const exists =
            local.startsWith(outDir) &&
            (fs.existsSync(path.join(local, 'index.html')) ||
              (fs.existsSync(local) && fs.statSync(local).isFile()));
          if (exists) return next();
          const file = path.join(outDir, '404.html');
          res.statusCode = 404;
          res.setHeader('Content-Type', 'text/html; charset=utf-8');
          res.end(fs.existsSync(file) ? fs.readFileSync(file) : 'Not found');
        });
      };
    },
  };
}

export default defineConfig({
  base: basePath(),
  plugins: [...articlePlugins(), react({ include: /\.(mdx|tsx|ts)$/ }), devPages(), notFoundPage()],
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Name the TensorFlow.js chunks so page-weight checks can see which pages load them.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.some((id) => id.includes('/@tensorflow/') && !id.includes('?'))
            ? 'assets/tfjs-[name]-[hash].js'
            : 'assets/[name]-[hash].js',
      },
    },
  },
  appType: 'mpa',
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
  // Every dependency the pages can load, found before the first page asks for one: a dependency
  // discovered late makes Vite reload the open page.
  optimizeDeps: {
    entries: ['src/site/entry-client.tsx', 'articles/*/widgets/index.ts'],
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
    ],
  },
  test: {
    include: [
      'src/**/*.test.{ts,tsx}',
      'articles/**/*.test.{ts,tsx}',
      'tests/unit/**/*.test.{ts,tsx}',
    ],
    environment: 'node',
    testTimeout: 60_000,
    // Loading tfjs in a beforeAll takes seconds on a busy 2-core machine.
    hookTimeout: 60_000,
  },
});
