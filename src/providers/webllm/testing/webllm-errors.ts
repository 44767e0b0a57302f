/**
 * Look-alikes of WebLLM 0.2.86's error classes (src/error.ts), for tests and the fake engine.
 *
 * `@mlc-ai/web-llm` exports only `IntegrityError` (import it from the package); the others live inside
 * its bundle. These copies have the same `name` and the same message text, which is all that
 * survives the worker boundary anyway (`WebWorkerMLCEngine` rejects with `err.toString()`).
 * `webllm-errors.test.ts` checks each message against the installed bundle so they cannot drift.
 */

export class DeviceLostError extends Error {
  constructor() {
    super(
      'The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM). To resolve this, try reloading with a model that has fewer parameters or uses a smaller context length.',
    );
    this.name = 'DeviceLostError';
  }
}

export class ContextWindowSizeExceededError extends Error {
  constructor(numPromptTokens: number, contextWindowSize: number) {
    super(
      `Prompt tokens exceed context window size: number of prompt tokens: ${numPromptTokens}; ` +
        `context window size: ${contextWindowSize}\nConsider shortening the prompt, or increase ` +
        '`context_window_size`, or using sliding window via `sliding_window_size`.',
    );
    this.name = 'ContextWindowSizeExceededError';
  }
}

export class WebGPUNotAvailableError extends Error {
  constructor() {
    super(
      'WebGPU is not supported in your current environment, but it is necessary to run the WebLLM engine. ' +
        'Please make sure that your browser supports WebGPU and that it is enabled in your browser settings. ' +
        "You can also consult your browser's compatibility chart to see if it supports WebGPU. " +
        'For more information about WebGPU support in your browser, visit https://webgpureport.org/',
    );
    this.name = 'WebGPUNotAvailableError';
  }
}

export class WebGPUNotFoundError extends Error {
  constructor() {
    super('Cannot find WebGPU in the environment');
    this.name = 'WebGPUNotFoundError';
  }
}

export class FeatureSupportError extends Error {
  constructor(feature: string) {
    super(`This model requires feature ${feature}, which is not yet supported by this browser.`);
    this.name = 'FeatureSupportError';
  }
}

/** Faithful to 0.2.86, where the message gets wrapped twice by FeatureSupportError. */
export class ShaderF16SupportError extends FeatureSupportError {
  constructor() {
    super(
      'This model requires WebGPU extension shader-f16, which is not enabled in this browser. ' +
        'You can try to launch Chrome Canary in command line with flag "--enable-dawn-features=allow_unsafe_apis".',
    );
    this.name = 'ShaderF16SupportError';
  }
}

export class ModelNotFoundError extends Error {
  constructor(modelId: string) {
    super(
      `Cannot find model record in appConfig for ${modelId}. Please check if the model ID is correct and included in the model_list configuration.`,
    );
    this.name = 'ModelNotFoundError';
  }
}

export class ModelNotLoadedError extends Error {
  constructor(requestName: string) {
    super(
      `Model not loaded before trying to complete ${requestName}. Please ensure you have called ` +
        `MLCEngine.reload(model) to load the model before initiating APIs, ` +
        `or initialize your engine using CreateMLCEngine() with a valid model configuration.`,
    );
    this.name = 'ModelNotLoadedError';
  }
}

export class MissingModelWasmError extends Error {
  constructor(modelId: string) {
    super(
      `Missing \`model_lib\` for the model with ID "${modelId}". Please ensure that \`model_lib\` is provided in \`model_list\` for each model. This URL is essential for downloading the WASM library necessary to run the model.`,
    );
    this.name = 'MissingModelError';
  }
}

/** WebLLM's own RangeError (a ConfigValueError), not JavaScript's. */
export class WebLLMRangeError extends Error {
  constructor(paramName: string, minValue: number, maxValue: number, additionalMessage?: string) {
    super(
      `Make sure ${minValue} < ${paramName} <= ${maxValue}.${additionalMessage ? ' ' + additionalMessage : ''}`,
    );
    this.name = 'RangeError';
  }
}

/** Strings WebLLM produces that are not from its error classes (measured / read in 0.2.86). */
export const WEBLLM_RAW_MESSAGES = {
  /** detectGPUDevice(): requestAdapter() returned null. */
  noAdapter:
    "Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU, or your system settings are not configured properly. " +
    'Please check if your device has a GPU properly set up and if your your browser supports WebGPU. ' +
    "You can also consult your browser's compatibility chart to see if it supports WebGPU. " +
    'For more information about WebGPU support in your browser, visit https://webgpureport.org/',
  /** Worker-flattened, config 404 with cacheBackend "indexeddb" (Chromium, measured). */
  config404Idb: (url: string) =>
    `Error: Failed to store ${url} with error: Error: Network response was not ok`,
  /** Worker-flattened, server unreachable with cacheBackend "indexeddb" (measured). */
  unreachableIdb: (url: string) => `Error: Failed to store ${url} with error: TypeError: Failed to fetch`,
  /** Worker-flattened, 404 with the Cache API backend (measured). */
  http404CacheApi: "TypeError: Failed to execute 'add' on 'Cache': Request failed",
  /** Worker-flattened, model_lib is not wasm (measured; the hex is the file's first 4 bytes). */
  brokenWasm:
    'CompileError: WebAssembly.instantiate(): expected magic word 00 61 73 6d, found 3c 21 44 4f @+0',
  /** Worker-flattened, model_lib is a valid but non-TVM wasm (measured). */
  nonTvmWasm: "TypeError: Cannot read properties of undefined (reading 'buffer')",
} as const;
