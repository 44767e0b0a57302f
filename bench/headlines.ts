/**
 * The headline figures of bench/REPORT.md at a glance: for each benchmark's section, its title
 * and the lines that state a figure against its target (they say "target"), shortened. Printed
 * at the end of `npm run bench` so a regression shows without opening the report.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BENCH_ROOT } from './report';

const SECTION = /<!-- bench:([\w-]+):start -->([\s\S]*?)<!-- bench:\1:end -->/g;

/** `[id, title, lines]` per section, in the report's order. */
export function headlines(report: string, perSection = 3, width = 170): [string, string, string[]][] {
  const out: [string, string, string[]][] = [];
  for (const [, id, body] of report.matchAll(SECTION)) {
    const lines = body!.split('\n');
    const title = (lines.find((l) => l.startsWith('## ')) ?? id!).replace(/^##\s*/, '');
    const figures = lines
      .filter((l) => /target/i.test(l) && /\d/.test(l))
      .slice(0, perSection)
      .map((l) => l.replace(/\*\*/g, '').replace(/\s+/g, ' ').trim())
      .map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
    out.push([id!, title, figures]);
  }
  return out;
}

export async function printHeadlines(): Promise<void> {
  const report = await readFile(path.join(BENCH_ROOT, 'bench/REPORT.md'), 'utf8').catch(() => '');
  console.log('\nHEADLINES (bench/REPORT.md, figures against their targets)');
  for (const [id, title, figures] of headlines(report)) {
    console.log(`- ${id}: ${title}`);
    for (const f of figures) console.log(`    ${f}`);
  }
}
