import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, sourceFiles } from './import-graph';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'tandem-graph-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('the import cycle check', () => {
  it('finds a cycle made only of type imports', () => {
    const root = tree({
      'a.ts': "import type { B } from './b';\nexport type A = B;",
      'b.ts': "import type { A } from './a';\nexport type B = A | 1;",
      'c.ts': "import type { A } from './a';",
    });
    const found = cycles(importGraph(sourceFiles(root)));
    expect(found.map((c) => c.map((f) => path.basename(f)))).toEqual([['a.ts', 'b.ts']]);
  });

  it('follows index folders, svelte files and dynamic imports, and passes a tree without cycles', () => {
    const root = tree({
      'feature/index.ts': "export { x } from './x';",
      'feature/x.ts': "export const x = () => import('../page.svelte');",
      'page.svelte': '<script lang="ts">import { x } from \'./feature\';</script>',
      'leaf.ts': "import { x } from './feature';",
    });
    const graph = importGraph(sourceFiles(root));
    expect(cycles(graph)).toHaveLength(1);
    const acyclic = tree({ 'a.ts': "import { b } from './b';", 'b.ts': 'export const b = 1;' });
    expect(cycles(importGraph(sourceFiles(acyclic)))).toEqual([]);
  });
});
