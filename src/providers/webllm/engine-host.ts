/**
 * Worker side of the WebLLM engine: WebLLM's own `WebWorkerMLCEngineHandler` (so the page can
 * use its `WebWorkerMLCEngine` client unchanged), with one change: a failed task posts a
 * `SerializedError` (`{name, message, code, retryable, details}`) instead of WebLLM's
 * `err.toString()` string. `WebWorkerMLCEngine` rejects with whatever `content` holds, so the
 * page receives the object and `mapWebLLMError` rebuilds a typed error from it (re-classifying
 * the original name/message kept in `details`, with the page's context).
 */
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';
import { serializeError } from '../../core/errors';
import { mapWebLLMError } from './errors';

type TaskResult = Parameters<WebWorkerMLCEngineHandler['handleTask']>[1] extends () => Promise<infer T>
  ? T
  : never;

export class TandemWebLLMHandler extends WebWorkerMLCEngineHandler {
  override async handleTask<T extends TaskResult>(uuid: string, task: () => Promise<T>): Promise<void> {
    try {
      const res = await task();
      this.postMessage({ kind: 'return', uuid, content: res });
    } catch (err) {
      const mapped = mapWebLLMError(err, { modelId: this.modelId?.[0] });
      this.postMessage({ kind: 'throw', uuid, content: serializeError(mapped) });
    }
  }
}

/** Installs the handler on a worker scope: the whole body of `webllm.worker.ts`. */
export function hostWebLLMEngine(
  scope: { onmessage: ((ev: MessageEvent) => unknown) | null } = self,
): TandemWebLLMHandler {
  const handler = new TandemWebLLMHandler();
  scope.onmessage = (event: MessageEvent) => handler.onmessage(event);
  return handler;
}
