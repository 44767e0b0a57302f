/**
 * The transformers.js engine's two runs on the converted stories260K (tandem-test/stories260K-onnx,
 * fp32, no chat template), for engines/main.ts:
 *  - 'tandem': Tandem's TransformersProvider -> the app's llm.worker.ts (typed RPC, IndexedDB model
 *    cache, completion prompt) -> transformers.js `text-generation` on onnxruntime-web WASM;
 *  - 'raw': transformers.js `pipeline` called directly in this page, the same files and wasm, no cache.
 * Both greedy from the same prompt; `chunks` counts generated tokens (the streamer's token callback).
 */
import { TransformersProvider } from '../../../src/providers/transformers/provider';
import type { LoadParams } from '../../../src/platform/protocol/llm';
import { PROMPT, result, type RunResult } from '../gguf/runners';

const REPO = 'tandem-test/stories260K-onnx';
/** The Hub stand-in's address (bench/engines.ts passes it), ending with "/". */
const HUB = `${(new URLSearchParams(location.search).get('hub') ?? '').replace(/\/$/, '')}/`;
const ORT = new URL('/ort/', location.href).href;
const BUILD = 'ort-wasm-simd-threaded';

export async function tandemTransformers(threads: number, tokens: number): Promise<RunResult> {
  const t0 = performance.now();
  const p = new TransformersProvider();
  // `threads` is read by the worker's configuration (providers/transformers/env.ts EnvParams).
  const params: LoadParams & { threads: number } = {
    repo: REPO,
    device: 'wasm',
    dtype: 'fp32',
    remoteHost: HUB,
    wasmBase: ORT,
    threads,
  };
  const loaded = await p.load(params, 'stories260K ONNX');
  if (loaded.wasmThreads !== threads && crossOriginIsolated)
    throw new Error(`worker ran ${loaded.wasmThreads} threads, asked ${threads}`);
  const loadMs = performance.now() - t0;
  const start = performance.now();
  let first: number | null = null;
  let generated = 0;
  let text = '';
  for await (const part of p.stream({
    messages: [{ role: 'user', content: PROMPT }],
    settings: { temperature: 0, topP: 1, maxTokens: tokens },
  })) {
    if (part.type === 'error') throw new Error(part.error.message);
    if (part.type === 'finish') generated = part.usage?.outputTokens ?? 0;
    if (part.type !== 'text-delta') continue;
    first ??= performance.now();
    text += part.text;
  }
  const end = performance.now();
  p.dispose();
  return result('transformers-tandem', threads, loadMs, start, first, end, generated, text);
}

export async function rawTransformers(threads: number, tokens: number): Promise<RunResult> {
  const t0 = performance.now();
  const t = await import('@huggingface/transformers');
  t.env.allowLocalModels = false;
  t.env.allowRemoteModels = true;
  t.env.remoteHost = HUB;
  t.env.useBrowserCache = false;
  (t.env as { useWasmCache?: boolean }).useWasmCache = false;
  const wasm = t.env.backends.onnx.wasm;
  if (wasm) {
    wasm.wasmPaths = { mjs: `${ORT}${BUILD}.mjs`, wasm: `${ORT}${BUILD}.wasm` };
    wasm.numThreads = threads;
  }
  const generator = await t.pipeline('text-generation', REPO, { device: 'wasm', dtype: 'fp32' });
  const loadMs = performance.now() - t0;
  const start = performance.now();
  let first: number | null = null;
  let generated = 0;
  let text = '';
  const streamer = new t.TextStreamer(generator.tokenizer, {
    skip_prompt: true,
    skip_special_tokens: true,
    callback_function: (piece: string) => {
      if (!piece) return;
      first ??= performance.now();
      text += piece;
    },
    token_callback_function: () => {
      generated += 1;
    },
  });
  await generator(PROMPT, { max_new_tokens: tokens, do_sample: false, streamer } as never);
  const end = performance.now();
  await generator.dispose();
  return result('transformers-raw', threads, loadMs, start, first, end, generated, text);
}
