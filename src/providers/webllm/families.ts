/**
 * Which of WebLLM's prebuilt models Tandem offers, picked by model_id prefix.
 *
 * Only the choice is ours: every number a card shows (VRAM, context window, required features,
 * URLs) is read from `prebuiltAppConfig.model_list` of the installed @mlc-ai/web-llm by
 * `buildWebLLMCatalog` (lib/providers/webllm/catalog.ts), and `families.test.ts` checks that each
 * prefix below names records in that list. What the records do not carry, and is written here:
 *  - `parametersB`: the parameter count from the model's own card, used only for an *estimate* of
 *    the download (WebLLM records have no size; the exact one comes from `tensor-cache.json`).
 *    null where the card's count would mislead (Gemma 4 E2B: "effective" parameters).
 *  - `thinking`: the model's chat template has Qwen3's `enable_thinking` switch and it writes its
 *    reasoning in `<think>…</think>` (Qwen3 model card, "Switching Between Thinking and
 *    Non-Thinking Mode": https://huggingface.co/Qwen/Qwen3-0.6B).
 *  - `supersededBy`: an older family kept for the seeds or for small devices, with its successor.
 */

export interface WebLLMFamily {
  id: string;
  label: string;
  /** model_id prefix in WebLLM's list, before `-{quantization}-MLC`. */
  modelIdPrefix: string;
  /** Parameters in billions, from the model card. Ours; used for the download estimate only. */
  parametersB: number | null;
  highlighted: boolean;
  thinking?: boolean;
  supersededBy?: string;
  notes?: string;
}

export const WEBLLM_FAMILIES: readonly WebLLMFamily[] = [
  // Qwen3.5 (https://huggingface.co/Qwen/Qwen3.5-0.8B and siblings).
  {
    id: 'qwen3.5-0.8b',
    label: 'Qwen3.5 0.8B',
    modelIdPrefix: 'Qwen3.5-0.8B',
    parametersB: 0.8,
    highlighted: false,
  },
  { id: 'qwen3.5-2b', label: 'Qwen3.5 2B', modelIdPrefix: 'Qwen3.5-2B', parametersB: 2, highlighted: false },
  { id: 'qwen3.5-4b', label: 'Qwen3.5 4B', modelIdPrefix: 'Qwen3.5-4B', parametersB: 4, highlighted: false },
  // Qwen3 (https://huggingface.co/Qwen/Qwen3-0.6B: 0.6B; Qwen3-1.7B: 1.7B; Qwen3-4B: 4.0B).
  {
    id: 'qwen3-0.6b',
    label: 'Qwen3 0.6B',
    modelIdPrefix: 'Qwen3-0.6B',
    parametersB: 0.6,
    highlighted: false,
    thinking: true,
  },
  {
    id: 'qwen3-1.7b',
    label: 'Qwen3 1.7B',
    modelIdPrefix: 'Qwen3-1.7B',
    parametersB: 1.7,
    highlighted: true,
    thinking: true,
    notes: 'Thinks before it answers (switch per conversation).',
  },
  {
    id: 'qwen3-4b',
    label: 'Qwen3 4B',
    modelIdPrefix: 'Qwen3-4B',
    parametersB: 4.0,
    highlighted: true,
    thinking: true,
    notes: 'Strongest small model here; needs about 3.5 GB of GPU memory.',
  },
  // Gemma 3 1B (https://huggingface.co/google/gemma-3-1b-it): WebLLM has only q4f16_1.
  {
    id: 'gemma-3-1b',
    label: 'Gemma 3 1B',
    modelIdPrefix: 'gemma3-1b-it',
    parametersB: 1.0,
    highlighted: false,
  },
  {
    id: 'gemma-4-e2b',
    label: 'Gemma 4 E2B',
    modelIdPrefix: 'gemma-4-E2B-it',
    parametersB: null,
    highlighted: false,
  },
  // Phi-4-mini-instruct: 3.8B (https://huggingface.co/microsoft/Phi-4-mini-instruct).
  {
    id: 'phi-4-mini',
    label: 'Phi-4 mini Instruct',
    modelIdPrefix: 'Phi-4-mini-instruct',
    parametersB: 3.8,
    highlighted: false,
  },
  // Llama 3.2: 1.23B and 3.21B (https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct).
  {
    id: 'llama-3.2-1b',
    label: 'Llama 3.2 1B Instruct',
    modelIdPrefix: 'Llama-3.2-1B-Instruct',
    parametersB: 1.24,
    highlighted: false,
  },
  {
    id: 'llama-3.2-3b',
    label: 'Llama 3.2 3B Instruct',
    modelIdPrefix: 'Llama-3.2-3B-Instruct',
    parametersB: 3.21,
    highlighted: false,
  },
  // Seed 001's local models: TinyLlama and Phi (Phi-2 is in WebLLM's list).
  {
    id: 'tinyllama-1.1b-chat',
    label: 'TinyLlama 1.1B Chat',
    modelIdPrefix: 'TinyLlama-1.1B-Chat-v1.0',
    parametersB: 1.1,
    highlighted: true,
    supersededBy: 'qwen3-0.6b',
    notes: 'Small and quick; fits 8 GB machines easily.',
  },
  {
    id: 'phi-3.5-mini',
    label: 'Phi-3.5 mini Instruct',
    modelIdPrefix: 'Phi-3.5-mini-instruct',
    parametersB: 3.82,
    highlighted: true,
    supersededBy: 'phi-4-mini',
    notes: 'Good answers; needs a real GPU.',
  },
  {
    id: 'phi-2',
    label: 'Phi-2',
    modelIdPrefix: 'phi-2',
    parametersB: 2.7,
    highlighted: false,
    supersededBy: 'phi-4-mini',
  },
  {
    id: 'qwen2.5-0.5b',
    label: 'Qwen2.5 0.5B Instruct',
    modelIdPrefix: 'Qwen2.5-0.5B-Instruct',
    parametersB: 0.49,
    highlighted: false,
    supersededBy: 'qwen3-0.6b',
  },
  {
    id: 'smollm2-360m',
    label: 'SmolLM2 360M Instruct',
    modelIdPrefix: 'SmolLM2-360M-Instruct',
    parametersB: 0.36,
    highlighted: false,
  },
  {
    id: 'smollm2-1.7b',
    label: 'SmolLM2 1.7B Instruct',
    modelIdPrefix: 'SmolLM2-1.7B-Instruct',
    parametersB: 1.71,
    highlighted: false,
  },
];
