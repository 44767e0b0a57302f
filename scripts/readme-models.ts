/** Writes the README's model list from the catalogs: `npm run readme:models` (`-- --check` to verify). */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { formattedReadme } from '../src/features/models/readme-models';

const path = fileURLToPath(new URL('../README.md', import.meta.url));
const readme = readFileSync(path, 'utf8');
const next = await formattedReadme(readme, prebuiltAppConfig.model_list, path);
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md model list is out of date: run npm run readme:models');
    process.exit(1);
  }
} else if (next !== readme) {
  writeFileSync(path, next);
  console.log('README.md model list updated');
}
