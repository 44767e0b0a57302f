/** Medians and ratios of the engines benchmark (bench/engines.ts), per thread count. */
import type { RunResult } from '../gguf/runners';

export const MODES = ['gguf-tandem', 'gguf-raw', 'transformers-tandem', 'transformers-raw'] as const;
export type Mode = (typeof MODES)[number];
export interface Run extends RunResult {
  mode: Mode;
  /** 1-minute load average right after the run. */
  load1m: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const r1 = (x: number) => Math.round(x * 10) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export interface ModeStats {
  tps: number;
  ttftMs: number;
  loadMs: number;
  allTps: number[];
  tokens: number[];
}

export interface Row {
  threads: number;
  modes: Record<Mode, ModeStats>;
  /** Decode tok/s, Tandem / raw, per engine (1 = no overhead). */
  tandemOverRaw: { gguf: number; transformers: number };
  /** Decode tok/s, transformers.js / llama.cpp, through Tandem and raw. */
  transformersOverLlamaCpp: { tandem: number; raw: number };
  /** The faster of Tandem's two engines at this thread count, by median decode tok/s. */
  fasterTandemEngine: 'gguf' | 'transformers';
}

function stats(runs: Run[]): ModeStats {
  return {
    tps: r1(median(runs.map((r) => r.decodeTokensPerSecond))),
    ttftMs: r1(median(runs.map((r) => r.ttftMs))),
    loadMs: Math.round(median(runs.map((r) => r.loadMs))),
    allTps: runs.map((r) => r1(r.decodeTokensPerSecond)),
    tokens: runs.map((r) => r.chunks),
  };
}

export function summarize(runs: Run[]): {
  rows: Row[];
  sameText: boolean;
  texts: Record<string, Mode[]>;
} {
  const rows = [1, 2].map((threads): Row => {
    const modes = Object.fromEntries(
      MODES.map((m) => [m, stats(runs.filter((r) => r.mode === m && r.threads === threads))]),
    ) as Record<Mode, ModeStats>;
    const tps = (m: Mode) => modes[m].tps;
    return {
      threads,
      modes,
      tandemOverRaw: {
        gguf: r3(tps('gguf-tandem') / tps('gguf-raw')),
        transformers: r3(tps('transformers-tandem') / tps('transformers-raw')),
      },
      transformersOverLlamaCpp: {
        tandem: r3(tps('transformers-tandem') / tps('gguf-tandem')),
        raw: r3(tps('transformers-raw') / tps('gguf-raw')),
      },
      fasterTandemEngine: tps('gguf-tandem') >= tps('transformers-tandem') ? 'gguf' : 'transformers',
    };
  });
  const texts: Record<string, Mode[]> = {};
  for (const r of runs) {
    const seen = (texts[r.text] ??= []);
    if (!seen.includes(r.mode)) seen.push(r.mode);
  }
  return { rows, sameText: Object.keys(texts).length === 1, texts };
}
