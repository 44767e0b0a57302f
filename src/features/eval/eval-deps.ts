/**
 * What a workbench run needs from the app (models, embedder, storage, log), injected so the run
 * loop (eval-run.ts) and the judge pass (eval-judge.ts) stay plain TypeScript.
 */
import type { AnswerMetric } from '../../core/answers/metric';
import type { Embedder } from '../../core/embedder';
import type { EvalResponse } from '../../core/evaluation';
import type { HealthSettings } from '../../core/health';
import type { ChatMessage, ProviderKind } from '../../core/provider';
import type { RunnerModelRef, RunnerSession } from '../models';
import type { LoadPace } from './pace';
import type { RegexRunner } from './regex/runner';

export type LogLevel = 'info' | 'ok' | 'error';

export interface EvalRunDeps {
  open(ref: RunnerModelRef, signal?: AbortSignal): Promise<RunnerSession>;
  /** A model string to a runner reference, or a reason it cannot run. */
  resolve(model: string): RunnerModelRef | { error: string };
  /**
   * Makes `resolve` know these model strings where it can (loads the WebLLM catalog when one of
   * them names a WebLLM model): called once before a run resolves its models.
   */
  prepare?(models: readonly string[]): Promise<void>;
  embedder(): Embedder | null;
  /** Runs regex checks and assertions off the page's thread, with a time limit per check. */
  regex: RegexRunner;
  healthSettings(): HealthSettings;
  addMetrics(records: AnswerMetric[]): Promise<void>;
  /** Stores a finished response with the evaluation's new progress. */
  store(response: EvalResponse): Promise<void>;
  log(level: LogLevel, text: string): void;
  now(): number;
  device(): string | null;
  /** Told of the local model loads, so the time left counts them. */
  pace?: LoadPace;
  /** Few-shot memory for a local model's messages (the Feedback page's curated examples). */
  withMemory?(messages: ChatMessage[]): Promise<{ messages: ChatMessage[]; used: readonly unknown[] }>;
}

/** The backend a model runs on, for its metric records. */
export function kindOf(ref: RunnerModelRef | { error: string }): ProviderKind {
  return 'error' in ref ? 'transformers' : ref.backend;
}

/** How far a run is: tasks done of all, and the time left. */
export interface EvalProgress {
  done: number;
  total: number;
  /** Estimated from this session's pace, model loads included; null before the first task. */
  timeLeftMs: number | null;
  /** Set once the run ended (then no time left is shown). */
  ended?: 'done' | 'stopped' | 'interrupted';
}
/**
 * The clock the workbench dates its records with (responses' `createdAt`, metrics'
 * `startedAt`): wall-clock time, never `performance.now()` (a date in 1970 that retention deletes).
 */
export const wallClock = (): number => Date.now();
