/** Generates the test models (skipped when up to date) and the aliases some tests need. */
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODELS_DIR, generateTestModels } from '../fixtures/models/generate';
import { FLAKY_MODEL, TEST_MODEL } from './helpers';

export default function globalSetup(): void {
  generateTestModels({});
  const alias = join(DEFAULT_MODELS_DIR, FLAKY_MODEL);
  if (!existsSync(alias)) symlinkSync(join(DEFAULT_MODELS_DIR, TEST_MODEL), alias, 'dir');
}
