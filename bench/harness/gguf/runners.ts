/**
 * The GGUF engine's two runs, for the benchmark pages (gguf/main.ts, engines/main.ts):
 *  - 'raw': wllama called directly in this page (its own llama.cpp worker), the model as a Blob;
 *  - 'tandem': Tandem's GgufProvider -> gguf.worker.ts (typed RPC, header check, IndexedDB files)
 *    -> wllama, streamed through the provider contract.
 * Both stream at temperature 0 from "Once upon a time"; times are taken in this page.
 */
import { Wllama } from '@wllama/wllama';
import { GgufProvider } from '../../../src/providers/gguf/provider';

export interface RunResult {
  mode: string;
  threads: number;
  loadMs: number;
  ttftMs: number;
  decodeTokensPerSecond: number;
  chunks: number;
  text: string;
}

export const PROMPT = 'Once upon a time';
const MODEL_URL = '/hub/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf';
const WASM = new URL('/wllama/wllama.wasm', location.href).href;

export async function raw(threads: number, tokens: number): Promise<RunResult> {
  const t0 = performance.now();
  const blob = await (await fetch(MODEL_URL)).blob();
  const w = new Wllama({ default: WASM }, { suppressNativeLog: true });
  await w.loadModel([blob], { n_ctx: 2048, n_threads: threads, n_gpu_layers: 0 });
  const loadMs = performance.now() - t0;
  const start = performance.now();
  let first: number | null = null;
  let chunks = 0;
  let text = '';
  const stream = await w.createCompletion({
    prompt: PROMPT,
    stream: true,
    temperature: 0,
    max_tokens: tokens,
  });
  for await (const c of stream) {
    const t = c.choices[0]?.text ?? '';
    if (!t) continue;
    first ??= performance.now();
    chunks += 1;
    text += t;
  }
  const end = performance.now();
  await w.exit();
  return result('raw', threads, loadMs, start, first, end, chunks, text);
}

export async function tandem(threads: number, tokens: number): Promise<RunResult> {
  const t0 = performance.now();
  const p = new GgufProvider();
  await p.load(
    {
      model: { repo: 'ggml-org/models', files: ['tinyllamas/stories260K.gguf'] },
      remoteHost: new URL('/hub/', location.href).href,
      wasmUrl: WASM,
      threads,
      gpu: 'off',
      contextSize: 2048,
    },
    'stories260K',
  );
  const loadMs = performance.now() - t0;
  const start = performance.now();
  let first: number | null = null;
  let chunks = 0;
  let text = '';
  for await (const part of p.stream({
    messages: [{ role: 'user', content: PROMPT }],
    settings: { temperature: 0, topP: 1, maxTokens: tokens },
  })) {
    if (part.type === 'error') throw new Error(part.error.message);
    if (part.type !== 'text-delta') continue;
    first ??= performance.now();
    chunks += 1;
    text += part.text;
  }
  const end = performance.now();
  p.dispose();
  return result('tandem', threads, loadMs, start, first, end, chunks, text);
}

export function result(
  mode: string,
  threads: number,
  loadMs: number,
  start: number,
  first: number | null,
  end: number,
  chunks: number,
  text: string,
): RunResult {
  const decodeS = first === null ? 0 : (end - first) / 1000;
  return {
    mode,
    threads,
    loadMs,
    ttftMs: first === null ? -1 : first - start,
    decodeTokensPerSecond: decodeS > 0 && chunks > 1 ? (chunks - 1) / decodeS : 0,
    chunks,
    text,
  };
}
