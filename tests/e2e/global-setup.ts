/** Generates the test models (skipped when up to date) and the aliases some tests need. */
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODELS_DIR, generateTestModels } from '../fixtures/models/generate';
import { FLAKY_ENCODER, FLAKY_MODEL, TEST_ENCODER, TEST_MODEL } from './helpers';

export default function globalSetup(): void {
  generateTestModels({});
  for (const [alias, target] of [
    [FLAKY_MODEL, TEST_MODEL],
    [FLAKY_ENCODER, TEST_ENCODER],
  ] as const) {
    const path = join(DEFAULT_MODELS_DIR, alias);
    if (!existsSync(path)) symlinkSync(join(DEFAULT_MODELS_DIR, target), path, 'dir');
  }
}
