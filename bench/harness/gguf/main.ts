/**
 * GGUF benchmark page (bench/gguf-engine.ts drives it). `window.bench.run(mode, threads, tokens)`:
 * 'raw' is wllama called directly in this page, 'tandem' Tandem's GgufProvider (runners.ts).
 */
import { raw, tandem } from './runners';

(window as unknown as { bench: unknown }).bench = {
  run: (mode: 'raw' | 'tandem', threads: number, tokens: number) =>
    mode === 'raw' ? raw(threads, tokens) : tandem(threads, tokens),
  isolated: () => crossOriginIsolated,
};
