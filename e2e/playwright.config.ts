import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import {
  ADMIN_PASSWORD,
  BASE_URL,
  BFF_DATA,
  BFF_MAIN,
  BFF_PORT,
  HOSTS,
  REPO_ROOT,
  STORAGE_STATE,
} from './support/env.js';

// The web server starts before globalSetup runs, so this check cannot wait until then.
if (!existsSync(BFF_MAIN)) {
  throw new Error(`${BFF_MAIN} is missing: build first (\`pnpm build\` at the repo root).`);
}

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  // One libvirtd, two cores: tests run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: BASE_URL,
    // Signed in as admin once by globalSetup; kiosk tests open contexts of their own.
    storageState: STORAGE_STATE,
    headless: true,
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // Debian's Chromium only: Playwright never downloads a browser here.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    // A constant command (Playwright runs it through a shell): no path is spliced in.
    command: 'node apps/bff/dist/main.js',
    cwd: REPO_ROOT,
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(BFF_PORT),
      POOLWATCH_BIND: '127.0.0.1',
      POOLWATCH_DATA: BFF_DATA,
      POOLWATCH_HOSTS: JSON.stringify(HOSTS),
      POOLWATCH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
  },
});
