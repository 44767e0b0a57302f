/**
 * Model strings of a configuration → what the ModelRunner runs: `claude:<id>`, a WebLLM model id,
 * or a Hub repo id for transformers.js (a catalog entry, one the user added, or any valid repo id,
 * which is loaded like a model added on the Models page).
 */
import { customModelEntry, type TransformersModelEntry } from '../models';
import { isValidRepoId } from '../../core/repo-id';
import type { WebLLMCatalogEntry } from '../../providers/webllm/catalog';
import { parseModelString } from '../../core/eval-config';
import type { RunnerModelRef } from '../models';

export interface ModelSources {
  transformers: readonly TransformersModelEntry[];
  webllm: readonly WebLLMCatalogEntry[];
}

export function resolveModelString(model: string, sources: ModelSources): RunnerModelRef | { error: string } {
  const parsed = parseModelString(model);
  if (parsed.kind === 'claude') return { backend: 'claude', model: parsed.model };
  const web = sources.webllm.find((e) => e.modelId === parsed.id);
  if (web) return { backend: 'webllm', entry: web };
  const entry = sources.transformers.find((e) => e.repo === parsed.id || e.id === parsed.id);
  if (entry) return { backend: 'transformers', entry };
  if (isValidRepoId(parsed.id)) return { backend: 'transformers', entry: customModelEntry(parsed.id) };
  return {
    error: `"${model}" is not a model Tandem knows: use a Hub repo id (owner/name), a WebLLM model id, or claude:<model id>.`,
  };
}
