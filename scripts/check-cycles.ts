/**
 * Fails when any import cycle exists among the source files of src/ (type imports included).
 * Part of `npm run lint`. Usage: tsx scripts/check-cycles.ts [root]
 */
import path from 'node:path';
import { cycles, importGraph, sourceFiles } from './import-graph';

const root = path.resolve(process.argv[2] ?? 'src');
const found = cycles(importGraph(sourceFiles(root)));
if (found.length === 0) {
  console.info(`No import cycles among the files of ${path.relative(process.cwd(), root) || '.'}.`);
} else {
  console.error(`${found.length} import cycle(s) (every file below imports, through the others, itself):`);
  for (const component of found) {
    console.error(`- ${component.map((f) => path.relative(process.cwd(), f)).join('\n  ')}`);
  }
  process.exit(1);
}
