import { IntegrityError, postInitAndCheckFieldsChatCompletion, ModelType } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { serializeError, TandemError } from '../../core/errors';
import { describeRawError, mapWebLLMError } from './errors';
import { isDeviceFailure } from './device-failure';
import {
  ContextWindowSizeExceededError,
  DeviceLostError,
  FeatureSupportError,
  MissingModelWasmError,
  ModelNotFoundError,
  ModelNotLoadedError,
  ShaderF16SupportError,
  WEBLLM_RAW_MESSAGES,
  WebGPUNotAvailableError,
  WebGPUNotFoundError,
  WebLLMRangeError,
} from './testing/webllm-errors';

const HUB = 'http://127.0.0.1:4173/hub/test/TinyLlama/resolve/main';
const ctx = {
  modelId: 'TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC',
  suggestSmaller: (id: string) => `${id}-1k`,
  suggestF32: (id: string) => id.replace('q4f16_1', 'q4f32_1'),
};

/** Each case as thrown in-thread (Error) and as it crosses WebWorkerMLCEngine (string). */
function bothForms(e: Error): unknown[] {
  return [e, String(e)];
}

describe('describeRawError', () => {
  it('splits worker-flattened strings into name and message', () => {
    expect(describeRawError(WEBLLM_RAW_MESSAGES.brokenWasm)).toEqual({
      name: 'CompileError',
      message: 'WebAssembly.instantiate(): expected magic word 00 61 73 6d, found 3c 21 44 4f @+0',
    });
    expect(describeRawError('DeviceLostError: The WebGPU device was lost')).toEqual({
      name: 'DeviceLostError',
      message: 'The WebGPU device was lost',
    });
    expect(describeRawError('plain text')).toEqual({ name: 'Error', message: 'plain text' });
  });

  it('uses the constructor name of GPU error objects', () => {
    class GPUOutOfMemoryError {
      message = 'Failed to allocate buffer';
    }
    expect(describeRawError(new GPUOutOfMemoryError()).name).toBe('GPUOutOfMemoryError');
  });
});

describe('mapWebLLMError', () => {
  it('WebGPU missing -> webgpu-unavailable, offering the WASM backend', () => {
    for (const err of [
      ...bothForms(new WebGPUNotAvailableError()),
      ...bothForms(new WebGPUNotFoundError()),
      `Error: ${WEBLLM_RAW_MESSAGES.noAdapter}`,
      'Error: Cannot initialize runtime because of requested maxBufferSize exceeds limit. requested=256MB, limit=128MB. Consider upgrading your browser.',
    ]) {
      const e = mapWebLLMError(err, ctx);
      expect(e.code, String(err)).toBe('webgpu-unavailable');
      expect(e.details?.remedy).toBe('use-wasm-backend');
      expect(e.message).toMatch(/CPU \(WASM\) backend/);
    }
  });

  it('device lost -> device-lost with a smaller "-1k" suggestion, retryable', () => {
    for (const err of bothForms(new DeviceLostError())) {
      const e = mapWebLLMError(err, ctx);
      expect(e.code).toBe('device-lost');
      expect(e.retryable).toBe(true);
      expect(e.details).toMatchObject({
        remedy: 'try-smaller-model',
        failureKind: 'device-lost',
        suggestedModelId: 'TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC-1k',
      });
      expect(e.message).toMatch(/out of memory/);
      expect(isDeviceFailure(e)).toBe(true);
    }
  });

  it('raw WebGPU out-of-memory and device-lost shapes -> device-lost', () => {
    class GPUOutOfMemoryError {
      message = 'Failed to allocate 2147483648 bytes';
    }
    class GPUDeviceLostInfo {
      reason = 'unknown';
      message = 'A valid external Instance reference no longer exists.';
    }
    const cases: Array<[unknown, string]> = [
      [new GPUOutOfMemoryError(), 'out-of-memory'],
      [new GPUDeviceLostInfo(), 'device-lost'],
      ['OperationError: Device was lost', 'device-lost'],
      [new RangeError('Array buffer allocation failed'), 'out-of-memory'],
      ['RuntimeError: Aborted(OOM). Build with -sASSERTIONS for more info.', 'out-of-memory'],
    ];
    for (const [err, kind] of cases) {
      const e = mapWebLLMError(err, { modelId: 'Phi-3.5-mini-instruct-q4f16_1-MLC' });
      expect(e.code, String(err)).toBe('device-lost');
      expect(e.details?.failureKind).toBe(kind);
      expect(e.message).toMatch(/-1k/);
    }
  });

  it('context window exceeded -> context-window-exceeded with numbers', () => {
    for (const err of bothForms(new ContextWindowSizeExceededError(2300, 2048))) {
      const e = mapWebLLMError(err, ctx);
      expect(e.code).toBe('context-window-exceeded');
      expect(e.details).toMatchObject({
        promptTokens: 2300,
        contextWindow: 2048,
        remedy: 'shorten-conversation',
      });
      expect(e.message).toMatch(/2300 tokens for a window of 2048/);
    }
  });

  it('shader-f16 missing -> model-load-failed suggesting the q4f32 twin', () => {
    for (const err of [
      ...bothForms(new ShaderF16SupportError()),
      ...bothForms(new FeatureSupportError('shader-f16')),
    ]) {
      const e = mapWebLLMError(err, ctx);
      expect(e.code, String(err)).toBe('model-load-failed');
      expect(e.details).toMatchObject({
        remedy: 'try-f32-variant',
        suggestedModelId: 'TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC',
      });
    }
  });

  it('broken model library (measured CompileError strings) -> model-load-failed, offer WASM backend', () => {
    for (const err of [
      WEBLLM_RAW_MESSAGES.brokenWasm,
      'CompileError: WebAssembly.instantiate(): expected magic word 00 61 73 6d, found 4e 6f 74 20 @+0',
      new WebAssembly.CompileError('WebAssembly.Module(): expected magic word'),
      ...bothForms(new MissingModelWasmError('x')),
    ]) {
      const e = mapWebLLMError(err, { ...ctx, phase: 'load' });
      expect(e.code, String(err)).toBe('model-load-failed');
      expect(e.details?.remedy).toBe('use-wasm-backend');
      expect(e.message).toMatch(/model library/);
    }
  });

  it('files that are not there (404) -> model-load-failed with the file named', () => {
    const e = mapWebLLMError(WEBLLM_RAW_MESSAGES.config404Idb(`${HUB}/mlc-chat-config.json`), ctx);
    expect(e.code).toBe('model-load-failed');
    expect(e.details).toMatchObject({
      remedy: 'check-model-source',
      file: 'mlc-chat-config.json',
      part: 'weights',
    });
    expect(e.message).toMatch(/mlc-chat-config\.json/);

    const lib = mapWebLLMError(
      WEBLLM_RAW_MESSAGES.config404Idb('http://127.0.0.1:4173/libs/missing.wasm'),
      ctx,
    );
    expect(lib.code).toBe('model-load-failed');
    expect(lib.details).toMatchObject({ part: 'model-library', file: 'missing.wasm' });

    expect(mapWebLLMError(WEBLLM_RAW_MESSAGES.http404CacheApi, ctx).code).toBe('model-load-failed');
  });

  it('server unreachable -> network (retryable), or offline when offline', () => {
    const raw = WEBLLM_RAW_MESSAGES.unreachableIdb('http://127.0.0.1:9/libs/x.wasm');
    const e = mapWebLLMError(raw, ctx);
    expect(e.code).toBe('network');
    expect(e.retryable).toBe(true);
    expect(e.details).toMatchObject({ remedy: 'check-connection', part: 'model-library' });
    expect(mapWebLLMError(raw, { ...ctx, online: false }).code).toBe('offline');
  });

  it('quota exceeded while caching -> quota-exceeded', () => {
    const e = mapWebLLMError(
      `Error: Failed to store ${HUB}/params_shard_3.bin with error: QuotaExceededError: The quota has been exceeded.`,
      ctx,
    );
    expect(e.code).toBe('quota-exceeded');
    expect(e.details?.remedy).toBe('free-storage');
  });

  it('integrity failure (real IntegrityError class) -> model-load-failed, repair', () => {
    const e = mapWebLLMError(new IntegrityError(`${HUB}/params_shard_0.bin`, 'sha256-a', 'sha256-b'), ctx);
    expect(e.code).toBe('model-load-failed');
    expect(e.details).toMatchObject({ remedy: 'repair-model', file: 'params_shard_0.bin' });
  });

  it('request errors (real WebLLM validation) -> bad-request', () => {
    let thrown: unknown;
    try {
      postInitAndCheckFieldsChatCompletion(
        {
          messages: [{ role: 'user', content: 'hi' }],
          stream: false,
          stream_options: { include_usage: true },
        },
        'm',
        ModelType.LLM,
      );
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Error);
    const e = mapWebLLMError(thrown, ctx);
    expect(e.code).toBe('bad-request');
    expect(mapWebLLMError(new WebLLMRangeError('top_p', 0, 1), ctx).code).toBe('bad-request');
  });

  it('missing model record / engine not loaded / aborted / unknown', () => {
    expect(mapWebLLMError(new ModelNotFoundError('x'), ctx).code).toBe('not-found');
    const notLoaded = mapWebLLMError(String(new ModelNotLoadedError('ChatCompletionRequest')), ctx);
    expect(notLoaded.code).toBe('model-load-failed');
    expect(notLoaded.details?.remedy).toBe('reload-engine');
    expect(mapWebLLMError(new DOMException('x', 'AbortError'), ctx).code).toBe('aborted');
    expect(mapWebLLMError('Engine.unload() is called.', ctx).code).toBe('aborted');
    expect(mapWebLLMError(WEBLLM_RAW_MESSAGES.nonTvmWasm, { ...ctx, phase: 'load' }).code).toBe(
      'model-load-failed',
    );
    expect(mapWebLLMError('weird', { phase: 'generate' }).code).toBe('generation-failed');
  });

  it('passes TandemErrors through and rebuilds SerializedErrors from the worker handler', () => {
    const t = new TandemError('network', 'x');
    expect(mapWebLLMError(t)).toBe(t);
    // As engine-host.ts posts it: mapped in the worker without page context...
    const wire = serializeError(mapWebLLMError(new DeviceLostError()));
    expect(wire.code).toBe('device-lost');
    expect(wire.details?.suggestedModelId).toBeUndefined();
    // ...and re-classified on the page with it.
    const e = mapWebLLMError(structuredClone(wire), ctx);
    expect(e).toBeInstanceOf(TandemError);
    expect(e.code).toBe('device-lost');
    expect(e.details?.suggestedModelId).toBe('TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC-1k');
    // A SerializedError without the raw original keeps its code.
    const bare = mapWebLLMError({ name: 'X', message: 'm', code: 'quota-exceeded', retryable: false });
    expect(bare.code).toBe('quota-exceeded');
  });
});
