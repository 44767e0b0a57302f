/** Generates the test models (skipped when up to date) and the aliases and fixtures some tests need. */
import { existsSync, lstatSync, mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_MODELS_DIR, generateTestModels } from '../fixtures/models/generate';
import {
  CACHE_TEST_MODEL,
  EVAL_MODEL,
  RETRY_MODEL,
  FLAKY_ENCODER,
  FLAKY_MODEL,
  METRICS_ENCODER,
  MODELS_TEST_MODEL,
  ROUTER_ENCODER,
  FEEDBACK_ENCODER,
  TEST_ENCODER,
  TEST_MODEL,
  WEBLLM_BROKEN_MODEL,
} from './helpers';

/**
 * A WebLLM model whose library is not WebAssembly: a config WebLLM accepts, then a "library"
 * of text. WebLLM fetches the config, then the library, and fails to instantiate it
 * (`CompileError: WebAssembly.instantiate(): expected magic word ...`), as with a damaged download.
 */
function writeBrokenWebLLMModel(): void {
  const dir = join(DEFAULT_MODELS_DIR, WEBLLM_BROKEN_MODEL);
  mkdirSync(dir, { recursive: true });
  const config = {
    model_type: 'llama',
    quantization: 'q4f32_1',
    context_window_size: 2048,
    prefill_chunk_size: 2048,
    sliding_window_size: -1,
    attention_sink_size: -1,
    vocab_size: 32000,
    temperature: 0.7,
    top_p: 0.95,
    repetition_penalty: 1.0,
    presence_penalty: 0.0,
    frequency_penalty: 0.0,
    tokenizer_files: ['tokenizer.json'],
    tokenizer_info: {
      token_postproc_method: 'byte_fallback',
      prepend_space_in_encode: false,
      strip_space_in_decode: false,
    },
    conv_template: {
      name: 'test',
      system_template: '{system_message}',
      system_message: '',
      roles: { user: 'USER', assistant: 'ASSISTANT' },
      role_templates: {},
      seps: ['\n'],
      role_content_sep: ': ',
      role_empty_sep: ':',
      stop_str: [],
      stop_token_ids: [2],
      system_prefix_token_ids: [1],
      add_role_after_system_message: true,
    },
    bos_token_id: 1,
    eos_token_id: 2,
  };
  writeFileSync(join(dir, 'mlc-chat-config.json'), JSON.stringify(config, null, 2));
  writeFileSync(join(dir, 'broken-model-lib.wasm'), 'This is not WebAssembly: a damaged model library.\n');
}

export default function globalSetup(): void {
  generateTestModels({});
  // Aliases of the generated models, for tests that break or fill their downloads without
  // disturbing tests running alongside. Relative links, so they work from every checkout.
  for (const [alias, target] of [
    [FLAKY_MODEL, TEST_MODEL],
    [MODELS_TEST_MODEL, TEST_MODEL],
    [CACHE_TEST_MODEL, TEST_MODEL],
    [EVAL_MODEL, TEST_MODEL],
    [RETRY_MODEL, TEST_MODEL],
    [FLAKY_ENCODER, TEST_ENCODER],
    [ROUTER_ENCODER, TEST_ENCODER],
    [FEEDBACK_ENCODER, TEST_ENCODER],
    [METRICS_ENCODER, TEST_ENCODER],
  ] as const) {
    const path = join(DEFAULT_MODELS_DIR, alias);
    // A link left by another checkout may point nowhere: make it anew.
    if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) unlinkSync(path);
    if (!existsSync(path)) symlinkSync(basename(target), path, 'dir');
  }
  writeBrokenWebLLMModel();
}
