/**
 * bench/REPORT.md is shared by every benchmark: each script owns one section between
 * `<!-- bench:<id>:start -->` and `<!-- bench:<id>:end -->` and rewrites only that.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPORT = path.join(BENCH_ROOT, 'bench/REPORT.md');
const HEADER =
  '# Benchmarks\n\nEach section is rewritten by the script named in it; edit outside the markers.\n';

export async function writeReportSection(id: string, body: string): Promise<void> {
  const start = `<!-- bench:${id}:start -->`;
  const end = `<!-- bench:${id}:end -->`;
  const doc0 = await readFile(REPORT, 'utf8').catch(() => HEADER);
  const section = `${start}\n${body.trim()}\n${end}`;
  const a = doc0.indexOf(start);
  const b = doc0.indexOf(end);
  const doc =
    a >= 0 && b > a
      ? doc0.slice(0, a) + section + doc0.slice(b + end.length)
      : `${doc0.trimEnd()}\n\n${section}\n`;
  await writeFile(REPORT, doc);
}
