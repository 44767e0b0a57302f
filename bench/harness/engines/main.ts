/**
 * Engines benchmark page (bench/engines.ts drives it). `window.bench.run(mode, threads, tokens)`
 * with mode one of: 'gguf-tandem' | 'gguf-raw' (wllama, ../gguf/runners.ts) and
 * 'transformers-tandem' | 'transformers-raw' (transformers.js, ./transformers.ts).
 */
import { raw, tandem, type RunResult } from '../gguf/runners';
import { rawTransformers, tandemTransformers } from './transformers';

const RUNS: Record<string, (threads: number, tokens: number) => Promise<RunResult>> = {
  'gguf-raw': async (th, n) => ({ ...(await raw(th, n)), mode: 'gguf-raw' }),
  'gguf-tandem': async (th, n) => ({ ...(await tandem(th, n)), mode: 'gguf-tandem' }),
  'transformers-raw': rawTransformers,
  'transformers-tandem': tandemTransformers,
};

(window as unknown as { bench: unknown }).bench = {
  run: (mode: string, threads: number, tokens: number) => {
    const run = RUNS[mode];
    if (!run) throw new Error(`unknown mode ${mode}`);
    return run(threads, tokens);
  },
};
