/** Maps what transformers.js / onnxruntime throw to typed errors with a way forward. */
import { TandemError, isAbortError } from '../../core/errors';
import type { LoadParams } from '../../platform/protocol/llm';

export function mapTransformersError(error: unknown, params: LoadParams | null): TandemError {
  if (error instanceof TandemError) return error;
  if (isAbortError(error)) return new TandemError('aborted', 'Stopped.', { retryable: true, cause: error });
  const message = error instanceof Error ? error.message : String(error);
  const model = params?.repo ?? 'the model';
  if (/QuotaExceeded|quota/i.test(message)) {
    return new TandemError(
      'quota-exceeded',
      `Not enough storage to keep ${model}. Free some space and try again.`,
      {
        cause: error,
      },
    );
  }
  if (/Could not locate file|404|not found/i.test(message)) {
    return new TandemError(
      'not-found',
      `The model host has no file for ${model}. Check the model id and the model host in Settings.`,
      { cause: error },
    );
  }
  if (/Failed to fetch|NetworkError|network|ERR_|fetch|terminated|incomplete/i.test(message)) {
    return new TandemError(
      'network',
      `Downloading ${model} failed: the connection was cut or the host is unreachable. Check your connection and press Retry; finished files are kept.`,
      { retryable: true, cause: error },
    );
  }
  if (/webgpu|adapter|GPUDevice/i.test(message) && params?.device === 'webgpu') {
    return new TandemError(
      'webgpu-unavailable',
      `WebGPU could not run ${model} (${message}). Switch the backend to CPU (WASM) on the Models page.`,
      { cause: error },
    );
  }
  if (/memory|OOM|allocation/i.test(message)) {
    return new TandemError('out-of-memory', `${model} ran out of memory. Try a smaller model.`, {
      cause: error,
    });
  }
  return new TandemError('generation-failed', `${model} failed: ${message}`, {
    retryable: true,
    cause: error,
  });
}
