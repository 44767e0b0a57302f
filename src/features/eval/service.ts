/**
 * The Evaluate workbench's state, created (and its code loaded) when the page first asks: its
 * modules stay out of the main bundle until then.
 */
import type { AnswerMetricRepository } from '../../platform/db/answer-metrics';
import type { QuarantineRepository } from '../../platform/db/quarantine';
import type { TandemDB } from '../../platform/db/schema';
import type { IDBPDatabase } from 'idb';
import { purposeEmbedder } from '../embeddings';
import type { EvalState } from './eval.svelte';
import { wallClock } from './eval-deps';
import type { FeedbackState } from '../feedback';
import type { HealthState } from '../health';
import type { GgufState, LocalModel, ModelRunner, TransformersState, WebLLMState } from '../models';

export interface EvaluateWiring {
  db: IDBPDatabase<TandemDB>;
  quarantine: QuarantineRepository;
  runner: ModelRunner;
  models: TransformersState;
  webllm: WebLLMState;
  gguf?: GgufState;
  health: HealthState;
  answerMetrics: AnswerMetricRepository;
  feedback: FeedbackState;
  local: LocalModel;
  /** Subscribes a reaction to a restored backup (the workbench re-reads its records). */
  onStoredDataReplaced?: (reload: () => Promise<void>) => void;
  /** Where a refused write's notice goes (a full disk, say). */
  onError?: (error: unknown) => void;
}

/** A getter that creates the workbench state once, on its first call. */
export function lazyEvaluate(w: EvaluateWiring): () => Promise<EvalState> {
  let evalState: Promise<EvalState> | null = null;
  return () =>
    (evalState ??= Promise.all([
      import('./eval.svelte'),
      import('./eval-models'),
      import('../../platform/db/evaluations'),
      import('./regex/runner'),
    ]).then(
      async ([{ EvalState }, { resolveModelString }, { EvaluationRepository }, { WorkerRegexRunner }]) => {
        const resolve = (model: string) =>
          resolveModelString(model, {
            transformers: w.models.entries,
            webllm: w.webllm.entries,
            gguf: w.gguf?.entries ?? [],
          });
        const state = new EvalState({
          repo: new EvaluationRepository(w.db, w.quarantine),
          open: (ref, signal) => w.runner.open(ref, signal),
          resolve,
          // WebLLM's model list comes with its library (loaded only when needed): a model string
          // nothing else knows may be a WebLLM model id, so the list is loaded before the run.
          prepare: async (models) => {
            if (models.some((m) => 'error' in resolve(m))) await w.webllm.loadCatalog();
          },
          // The app's sentence embedder, once loaded; its calls are measured as similarity checks.
          embedder: () => purposeEmbedder(w.health.embedder.readyEmbedder(), 'similarity'),
          // Regex checks in a worker: one that backtracks too long is stopped, never the page.
          regex: new WorkerRegexRunner(),
          healthSettings: () => w.health.prefs.tracker,
          addMetrics: (records) => w.answerMetrics.add(records),
          // A configuration with `fewShotMemory` sends local models the curated examples first.
          withMemory: (messages) => w.feedback.prepareForLocal(messages, { memory: true }),
          now: wallClock,
          device: () => w.local.device,
          onError: w.onError,
        });
        await state.init();
        w.onStoredDataReplaced?.(() => state.init(true));
        return state;
      },
    ));
}
