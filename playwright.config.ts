import { defineConfig } from '@playwright/test';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** PORT and DIST_DIR let two builds be tested side by side (defaults: 4173 and dist). */
export const PORT = Number(process.env.PORT ?? 4173);
const DIST_DIR = process.env.DIST_DIR ?? 'dist';
/** The development server of the "dev" project (not 5173, so that a running `npm run dev` stays). */
export const DEV_PORT = Number(process.env.DEV_PORT ?? 5174);

// Cross-cutting tests live in tests/e2e; an article's own browser tests in its folder.
const everyTest = [/tests\/e2e\/.*\.spec\.ts$/, /articles\/[^/]+\/.*\.e2e\.ts$/];
const webgpuTests = /\.webgpu\.(spec|e2e)\.ts$|webgpu\.spec\.ts$/;
const devTests = /dev-server\.spec\.ts$/;

export default defineConfig({
  testDir: '.',
  testMatch: everyTest,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  forbidOnly: true,
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    headless: true,
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: [webgpuTests, devTests],
      use: { launchOptions: { executablePath, args: chromiumArgs } },
    },
    {
      name: 'chromium-webgpu',
      testMatch: webgpuTests,
      use: { launchOptions: { executablePath, args: [...chromiumArgs, '--enable-unsafe-webgpu'] } },
    },
    {
      name: 'dev',
      testMatch: devTests,
      use: {
        baseURL: `http://localhost:${DEV_PORT}`,
        launchOptions: { executablePath, args: chromiumArgs },
      },
    },
  ],
  webServer: [
    {
      command: `npx vite preview --port ${PORT} --strictPort --outDir ${DIST_DIR}`,
      url: `http://localhost:${PORT}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `npx vite --port ${DEV_PORT} --strictPort`,
      url: `http://localhost:${DEV_PORT}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
