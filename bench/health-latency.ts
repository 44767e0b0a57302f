/**
 * Conversation-health latency: the browser (the app's embedding worker, onnxruntime-web WASM in
 * Chromium) against native onnxruntime-node, same model files, same inputs, same run. Never pass/fail.
 *
 *   npx vite build                                       # the bench uses the built worker
 *   npx tsx tests/fixtures/models/generate.ts --minilm  # once: minilm-sized (fp32) and minilm-sized-q8
 *   npx tsx bench/health-latency.ts [--turns 100]
 *
 * Per model (fp32, and q8 with the published file's operators) and per browser setting (threads):
 *  - per turn: the question embedded alone (in the app: while the answer streams), then the answer
 *    embedded and the turn scored (`HealthTracker.addTurn`); also both texts in one batch (before);
 *  - after the answer ends: the answer's embedding + scoring: what the health strip waits for;
 *  - cold load from IndexedDB in fresh pages (new worker, wasm, session, probe run).
 * Native reference: the plain transformers.js pipeline in Node, both texts in one batch per turn.
 * Writes bench/results/health-latency.json and the REPORT.md section between the health markers.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MINILM_SIZED_MODEL_ID, MINILM_SIZED_Q8_MODEL_ID } from '../tests/fixtures/models/scripts';
import { runBrowser, type BrowserConfig } from './health/browser';
import { conversation, loadAverage, machine, median, ms, quantile } from './health/common';
import { runNative, type NativeRun } from './health/native';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = path.join(root, '.cache/models');
const args = process.argv.slice(2);
const TURNS = Number(args[args.indexOf('--turns') + 1] || 100) || 100;

const MODELS = [
  { name: 'fp32', repo: MINILM_SIZED_MODEL_ID },
  { name: 'q8', repo: MINILM_SIZED_Q8_MODEL_ID },
];

async function main(): Promise<void> {
  for (const m of MODELS) {
    if (!existsSync(path.join(modelsDir, m.repo, 'onnx/model_quantized.onnx'))) {
      console.error('Generate the models first: npx tsx tests/fixtures/models/generate.ts --minilm');
      process.exit(1);
    }
  }
  const turns = conversation(TURNS);
  const loadBefore = loadAverage();
  const native = new Map<string, NativeRun>();
  for (const m of MODELS) {
    console.log(`native ${m.name}: ${TURNS} turns…`);
    native.set(m.name, await runNative(modelsDir, m.repo, turns));
  }
  const configs: (BrowserConfig & { model: string })[] = MODELS.flatMap((m) => [
    { label: `${m.name}, app default threads`, repo: m.repo, model: m.name },
    { label: `${m.name}, 1 thread`, repo: m.repo, model: m.name, threads: 1 },
  ]);
  const browser = await runBrowser(root, modelsDir, configs, turns);
  const loadAfter = loadAverage();

  const rows: string[] = [];
  const json: Record<string, unknown> = {};
  for (const m of MODELS) {
    const n = native.get(m.name)!;
    const ref = median(n.perTurnMs);
    rows.push(
      `| ${m.name} | native onnxruntime-node (reference) | ${ms(ref)} | ${ms(quantile(n.perTurnMs, 0.95))} | ${ms(ref)} | ${ms(median(n.afterEndMs))} | 1.00x | ${(median(n.afterEndMs) / ref).toFixed(2)}x | - |`,
    );
    for (const c of configs.filter((x) => x.model === m.name)) {
      const { warm, cold } = browser.get(c.label)!;
      const p50 = median(warm.perTurnMs);
      const after = median(warm.afterEndMs);
      const coldLoad = median(cold.map((x) => x.loadMs));
      const coldOpen = median(cold.map((x) => x.openMs));
      rows.push(
        `| ${m.name} | Chromium worker, ${warm.threads} thread${warm.threads === 1 ? '' : 's'}${c.threads ? '' : ' (app default)'} | ${ms(p50)} | ${ms(quantile(warm.perTurnMs, 0.95))} | ${ms(median(warm.pairMs))} | ${ms(after)} | **${(p50 / ref).toFixed(2)}x** | **${(after / ref).toFixed(2)}x** | ${ms(coldLoad)} / ${ms(coldOpen)} |`,
      );
      json[c.label] = { ...warm, cold, ratioPerTurn: p50 / ref, ratioAfterEnd: after / ref };
    }
    json[`native ${m.name}`] = n;
  }
  const trunc = native.get('fp32')!.truncation;
  const result = {
    date: new Date().toISOString(),
    machine: machine(),
    loadBefore,
    loadAfter,
    turns: TURNS,
    runs: json,
  };
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/health-latency.json'), JSON.stringify(result, null, 2));

  const section = [
    '## Conversation health: latency per turn, after the answer, cold load',
    '',
    `Measured ${result.date} on ${result.machine}; load average (1/5/15 min) ${loadBefore} before, ${loadAfter} after. Commands: \`npx vite build && npx tsx tests/fixtures/models/generate.ts --minilm && npx tsx bench/health-latency.ts\`. Models: \`${MINILM_SIZED_MODEL_ID}\` (all-MiniLM-L6-v2 shapes, random fp32 weights) and \`${MINILM_SIZED_Q8_MODEL_ID}\` (the same weights, 8-bit: DynamicQuantizeLinear + MatMulInteger, the operators of the published \`model_quantized.onnx\`); the same file on both sides. ${TURNS}-turn conversation. Every ratio is against native onnxruntime-node on the same model in this run (one batch of question + answer per turn, as the plain pipeline would).`,
    '',
    '| model | runtime | per turn p50 ms | p95 | both texts in one batch p50 | after the answer ends p50 | per turn / native | after the end / native | cold load from IndexedDB: worker load / open→ready ms (median of 3) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    '- Per turn (browser) = the question embedded alone (the app does it while the answer streams) + the answer embedded + scoring. "After the answer ends" = the answer embedded + scoring: what the health strip waits for in the app (the IndexedDB writes that follow are not timed here). Targets: per turn ≤ 1.5x native, after the end ≤ 1.5x native per turn; cold load ≤ 500 ms.',
    `- Truncation to 256 word pieces (sentence-transformers' max_seq_length for all-MiniLM-L6-v2), native, fp32 fixture, on ${trunc.length} long answers: ${trunc.map((t) => `${t.tokens} pieces: cosine(cut at 256, cut at 512) ${t.cosine.toFixed(4)}, ${ms(t.ms512)} → ${ms(t.ms256)} ms`).join('; ')}. The fixture has random weights, so the cosines show the mechanism (the first 256 pieces carry the text's words), not the real model's quality; the texts in the timed conversation are all under 256 pieces, so truncation does not change the rows above.`,
    '- onnxruntime session options: onnxruntime-web already defaults to `graphOptimizationLevel: "all"` (the highest) and sequential execution, like onnxruntime-node; the setting left to choose is the WASM thread count (rows above). Cross-origin isolation is on, so the app default is min(4, cores) threads.',
    '- In hybrid routing the router classifies the same prompt with the same embedder: one memo per loaded model serves health and the router one vector, so the prompt is embedded once (it was twice).',
    '- Cold start: the app loads a cached embedding model in idle time after start (warm-up; it embeds nothing), so the first turn does not wait for the load; an uncached model is never downloaded by the warm-up, and never while offline.',
    '',
  ].join('\n');
  const reportPath = path.join(root, 'bench/REPORT.md');
  let report = existsSync(reportPath) ? await readFile(reportPath, 'utf8') : '# Benchmarks\n';
  const start = '<!-- bench:health:start -->';
  const end = '<!-- bench:health:end -->';
  const block = `${start}\n${section}${end}`;
  report =
    report.includes(start) && report.includes(end)
      ? report.slice(0, report.indexOf(start)) + block + report.slice(report.indexOf(end) + end.length)
      : `${report.trimEnd()}\n\n${block}\n`;
  await writeFile(reportPath, report);
  console.log(section);
}

await main();
