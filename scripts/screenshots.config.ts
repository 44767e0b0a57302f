/**
 * `npm run screenshots`: the e2e servers (app preview, local model hub, fake Claude) and one
 * script that photographs every page (Chat, Models, Evaluate, Feedback, Metrics, Settings) at desktop
 * and phone sizes into docs/screenshots/, so a review can compare them with the last commit.
 */
import { defineConfig } from '@playwright/test';
import { resolve } from 'node:path';
import base from '../playwright.config';

const root = resolve(import.meta.dirname, '..');
const servers = Array.isArray(base.webServer) ? base.webServer : base.webServer ? [base.webServer] : [];

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'screenshots.pw.ts',
  globalSetup: '../tests/e2e/global-setup.ts',
  workers: 1,
  timeout: 300_000,
  reporter: [['list']],
  // The servers run from the project root, as in the e2e suite.
  webServer: servers.map((server) => ({ ...server, cwd: root })),
});
