/**
 * Adapts a streaming RPC call (events = StreamPart) into the provider's AsyncIterable, with
 * the guarantees the interface promises: one terminal part, a stop that ends the stream at
 * once, errors as parts.
 */
import { isAbortError, serializeError } from '../core/errors';
import { AsyncQueue } from '../core/util/async-queue';
import type { StreamPart, Timings } from '../core/provider';

export async function* streamFromCall(
  run: (onPart: (part: StreamPart) => void) => Promise<unknown>,
  signal: AbortSignal | undefined,
): AsyncIterable<StreamPart> {
  const queue = new AsyncQueue<StreamPart>();
  const started = performance.now();
  let firstTokenAt: number | null = null;
  let outputChunks = 0;
  let finished = false;
  const onPart = (part: StreamPart): void => {
    if (finished) return;
    if (part.type === 'text-delta') {
      firstTokenAt ??= performance.now();
      outputChunks += 1;
    }
    if (part.type === 'finish' || part.type === 'error') finished = true;
    queue.push(part);
  };
  run(onPart).then(
    () => queue.close(),
    (error: unknown) => {
      if (!finished) {
        finished = true;
        if (isAbortError(error) || signal?.aborted) {
          const timings: Timings = {
            timeToFirstTokenMs: firstTokenAt === null ? null : firstTokenAt - started,
            totalMs: performance.now() - started,
            tokensPerSecond: null,
          };
          queue.push({
            type: 'finish',
            reason: 'aborted',
            usage: { inputTokens: 0, outputTokens: outputChunks },
            timings,
          });
        } else {
          queue.push({ type: 'error', error: serializeError(error) });
        }
      }
      queue.close();
    },
  );
  yield* queue;
}
