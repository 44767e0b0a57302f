/**
 * Compression latency per 1,000 tokens: lexical (src/features/routing/compress.ts) against LLMLingua-2
 * (@atjsh/llmlingua-2 + transformers.js, the generated tiny token-classification model
 * tandem-test/tiny-llmlingua on onnxruntime-node CPU), same text, same run.
 *
 *   npm run fixtures && npx tsx bench/compression-latency.ts [--rounds 15]
 *
 * The text is ~4,000 estimated tokens of older context (chars/4, as in the app) followed by a
 * question; times are medians over the rounds, divided by the thousands of tokens compressed.
 * The tiny model has 2 layers of width 32: this measures the pipeline's overhead (tokenising,
 * word grouping, ranking) plus a very small model, NOT the real 710 MB BERT-base model.
 * Writes the "Compression latency" section of bench/REPORT.md.
 */
import { execSync } from 'node:child_process';
import path from 'node:path';
import { LLMLingua2 } from '@atjsh/llmlingua-2';
import { env } from '@huggingface/transformers';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { compressOlderContext } from '../src/features/compression/older-context';
import type { ChatMessage } from '../src/core/provider';
import { compressContext } from '../src/features/routing/compress';
import { estimateMessagesTokens } from '../src/core/tokens';
import { BENCH_ROOT, writeReportSection } from './report';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 15;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const topics = ['tomatoes', 'compost', 'irrigation', 'frost', 'seedlings', 'mulch'];
const messages: ChatMessage[] = [];
for (let i = 0; i < 12; i++) {
  const topic = topics[i % topics.length]!;
  const text = `On day ${i + 1} we looked at the ${topic} again; the notes say what changed, what we measured and what we will try next week in the valley garden. `;
  messages.push({ role: i % 2 === 0 ? 'user' : 'assistant', content: text.repeat(8) });
}
messages.push({ role: 'user', content: 'What should we do about the tomatoes next week?' });
const olderTokens = estimateMessagesTokens(messages.slice(0, -1));

async function main(): Promise<void> {
  env.allowRemoteModels = false;
  env.localModelPath = `${path.join(BENCH_ROOT, '.cache/models')}/`;
  const loadStart = performance.now();
  const { promptCompressor } = await LLMLingua2.WithBERTMultilingual('tandem-test/tiny-llmlingua', {
    transformerJSConfig: { device: 'cpu', dtype: 'fp32' },
    oaiTokenizer: new Tiktoken(cl100k),
    modelSpecificOptions: { subfolder: 'onnx' },
  });
  const loadMs = performance.now() - loadStart;
  const compressor = {
    compress: async (texts: string[], rate: number) => {
      const out: string[] = [];
      for (const t of texts) out.push(await promptCompressor.compress(t, { rate, forceReserveDigit: true }));
      return out;
    },
  };

  const lexical: number[] = [];
  const model: number[] = [];
  let lexicalAfter = 0;
  let modelAfter = 0;
  await compressOlderContext(messages, compressor, 0.5); // warm-up
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    const lex = await compressContext(messages, { budgetTokens: Math.round(olderTokens / 2) });
    lexical.push(performance.now() - t);
    lexicalAfter = lex.tokensAfter;
    t = performance.now();
    const mod = await compressOlderContext(messages, compressor, 0.5);
    model.push(performance.now() - t);
    modelAfter = mod.tokensAfter;
  }
  const perK = (ms: number): string => (ms / (olderTokens / 1000)).toFixed(2);
  const load = execSync('uptime').toString().trim();
  const body = `## Compression latency (per 1,000 tokens)

\`npm run fixtures && npx tsx bench/compression-latency.ts --rounds ${rounds}\` — ${olderTokens.toLocaleString('en-US')} tokens of older context (chars/4 estimate) and a question; median of ${rounds} rounds, same run, Node ${process.version} (onnxruntime-node CPU for the model).

| Method | median ms | ms per 1,000 tokens | tokens after (of ${estimateMessagesTokens(messages)}) |
|---|---:|---:|---:|
| Lexical (relevance to the question, budget = half) | ${median(lexical).toFixed(2)} | ${perK(median(lexical))} | ${lexicalAfter} |
| LLMLingua-2, tiny test model (rate 0.5) | ${median(model).toFixed(1)} | ${perK(median(model))} | ${modelAfter} |

- LLMLingua-2 / lexical: **${(median(model) / median(lexical)).toFixed(0)}x** slower on the same text. Model load (tiny model, from disk): ${Math.round(loadMs)} ms.
- The tiny model (2 layers, hidden 32, random weights) measures the library's own work plus a near-free model; the real LLMLingua-2 BERT-base model (710 MB, 12 layers, hidden 768) costs far more per token and was not measured (no real weights on this machine). In the app the model runs in a worker on WASM, not onnxruntime-node.
- Load: \`${load}\`.
`;
  await writeReportSection('compression-latency', body);
  console.log(body);
}

await main();
