import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

/** Unit tests run in Node; everything that needs a real browser is a Playwright test. */
export default defineConfig({
  plugins: [svelte()],
  test: {
    include: [
      'src/**/*.test.ts',
      'tests/fixtures/**/*.test.ts',
      'scripts/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
});
