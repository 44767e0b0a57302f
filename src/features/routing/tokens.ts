/** Moved to `lib/tokens/estimate.ts` (the one token estimate); kept for scripts and benchmarks. */
export * from '../../core/tokens';
