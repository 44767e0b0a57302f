/**
 * Model strings of a configuration → what the ModelRunner runs: `claude:<id>`, a WebLLM model id,
 * a GGUF model (`gguf:<catalog id>` or `gguf:<owner>/<name>/<file>.gguf`, loaded like one added on the
 * Models page), `server:<model id>` (a model on the user's server), `chrome:built-in`, or a Hub repo id for transformers.js (a catalog entry, one the user added, or any
 * valid repo id, which is loaded like a model added on the Models page).
 */
import { customModelEntry, type TransformersModelEntry } from '../models';
import { isValidRepoId } from '../../core/repo-id';
import type { WebLLMCatalogEntry } from '../../providers/webllm/catalog';
import { parseModelString } from '../../core/eval-config';
import { customGgufEntry, ggufChoiceProblem, type GgufModelEntry, type RunnerModelRef } from '../models';

export interface ModelSources {
  transformers: readonly TransformersModelEntry[];
  webllm: readonly WebLLMCatalogEntry[];
  gguf?: readonly GgufModelEntry[];
}

/** `gguf:<owner>/<name>/<path>.gguf` → that file as an added GGUF model; null for anything else. */
function ggufFromString(id: string): GgufModelEntry | null {
  const rest = id.slice('gguf:'.length).split('/');
  const repo = rest.slice(0, 2).join('/');
  const file = rest.slice(2).join('/');
  return ggufChoiceProblem(repo, file) === null ? customGgufEntry({ repo, file }) : null;
}

export function resolveModelString(model: string, sources: ModelSources): RunnerModelRef | { error: string } {
  const parsed = parseModelString(model);
  if (parsed.kind === 'claude') return { backend: 'claude', model: parsed.model };
  if (parsed.kind === 'server') return { backend: 'server', model: parsed.model };
  if (parsed.kind === 'chrome') return { backend: 'chrome' };
  if (parsed.id.startsWith('gguf:')) {
    const entry = sources.gguf?.find((e) => e.id === parsed.id) ?? ggufFromString(parsed.id);
    if (entry) return { backend: 'gguf', entry };
  }
  const web = sources.webllm.find((e) => e.modelId === parsed.id);
  if (web) return { backend: 'webllm', entry: web };
  const entry = sources.transformers.find((e) => e.repo === parsed.id || e.id === parsed.id);
  if (entry) return { backend: 'transformers', entry };
  if (isValidRepoId(parsed.id)) return { backend: 'transformers', entry: customModelEntry(parsed.id) };
  return {
    error: `"${model}" is not a model Tandem knows: use a Hub repo id (owner/name), a WebLLM model id, gguf:<owner>/<name>/<file>.gguf, claude:<model id>, server:<model id> or chrome:built-in.`,
  };
}
