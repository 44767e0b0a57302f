import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { APP_PORT, CLAUDE_PORT, HUB_PORT } from './tests/e2e/ports';

/** A system Chromium when there is one (CI installs Debian's), else Playwright's own browser. */
const systemChromium = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => !!p && existsSync(p),
);

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${APP_PORT}`,
    // Most tests do not need the service worker; the offline tests turn it on.
    serviceWorkers: 'block',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: systemChromium,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--enable-unsafe-webgpu',
      ],
    },
  },
  webServer: [
    {
      command: `npx vite preview --port ${APP_PORT} --strictPort --host localhost`,
      // The strict policy, plus the local servers the tests use in place of the real hosts: the
      // hub, and fake Claude servers (some specs start their own on a free port, hence any port
      // of 127.0.0.1). Production lists only the real hosts (see src/platform/security/csp.ts).
      env: { TANDEM_CSP_CONNECT_SRC: 'http://127.0.0.1:*' },
      url: `http://localhost:${APP_PORT}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `npx tsx tests/fixtures/hub/server.ts --root .cache/models --port ${HUB_PORT}`,
      url: `http://127.0.0.1:${HUB_PORT}/__requests`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `npx tsx tests/fixtures/claude/fake-server.ts --port ${CLAUDE_PORT} --key sk-ant-test-key`,
      url: `http://127.0.0.1:${CLAUDE_PORT}/__requests`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
