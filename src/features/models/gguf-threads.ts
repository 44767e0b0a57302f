/**
 * CPU threads for llama.cpp: half the logical cores (wllama's own default), 1 to 8. Its threads
 * spin while they wait for each other, so taking every core of a busy 2-core machine is much
 * slower than one thread (bench/REPORT.md, GGUF engine).
 */
export function ggufThreads(hardwareConcurrency: number | undefined): number {
  return Math.max(1, Math.min(8, Math.floor((hardwareConcurrency || 1) / 2)));
}
