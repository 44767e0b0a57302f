/**
 * The generation settings of a workbench run (version-1 `settings`): temperature, `topP`
 * (default 1) and `maxTokens` for every model, and `seed` for the engines that take one. Only
 * WebLLM samples from a seed; transformers.js and the Claude API have none, which the run says.
 */
import type { EvalSettings } from '../../core/eval-config';
import type { GenerationSettings } from '../../core/provider';

export function runSettings(settings: EvalSettings): GenerationSettings {
  return {
    temperature: settings.temperature,
    topP: settings.topP ?? 1,
    maxTokens: settings.maxTokens,
    ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
  };
}

const SEEDLESS: Record<string, string> = {
  transformers: 'transformers.js',
  claude: 'the Claude API',
  server: 'your server (as Tandem calls it)',
  chrome: "Chrome's built-in model",
};

/** The note for a model whose engine ignores the run's seed, or null. */
export function seedNote(settings: EvalSettings, model: string, backend: string): string | null {
  if (settings.seed === undefined || backend === 'webllm') return null;
  return `${model}: ${SEEDLESS[backend] ?? backend} takes no seed; its answers are not seeded.`;
}
