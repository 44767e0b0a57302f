/**
 * Compression before a paid call, as provider middleware: the context is compressed and a
 * notice reports the tokens saved. With `model` (LLMLingua-2) the older context is compressed by
 * the model; `model: null` means it was asked for but is not loaded, so the lexical method runs
 * and the notice says so (as it does when the model fails).
 */
import type { TextCompressor } from '../compression';
import { compressOlderContext } from '../compression';
import type { ProviderMiddleware } from '../../providers/middleware';
import type { AnswerNotice } from '../../core/provider';
import { formatTokens } from '../../core/tokens';
import type { Embedder } from '../../core/embedder';
import { report } from '../../core/measure';
import type { OperationSink } from '../../core/operations';
import { compressContext } from './compress';

export interface CompressionOptions {
  budgetTokens: number;
  embedder?: Embedder | null;
  model?: { compressor: TextCompressor; rate: number } | null;
  /** One measurement per compression (method, tokens before and after, time). */
  onOperation?: OperationSink;
}

export function compression(options: CompressionOptions): ProviderMiddleware {
  const measure = (method: string, at: number, started: number, tokens: [number, number] | null) =>
    report(options.onOperation, {
      kind: 'compression',
      at,
      modelId: method === 'llmlingua2' ? 'llmlingua-2' : '',
      backend: method === 'llmlingua2' ? 'wasm' : 'lexical',
      detail: method,
      status: tokens ? 'ok' : 'error',
      ...(tokens ? {} : { errorCode: 'compression-failed' }),
      totalMs: performance.now() - started,
      tokensIn: tokens?.[0] ?? null,
      tokensOut: tokens?.[1] ?? null,
      bytes: null,
      route: null,
    });
  return {
    name: 'compression',
    async *wrapStream({ doStream, request }) {
      let fallbackNote = options.model === null ? ' (LLMLingua-2 is not loaded: lexical method used)' : '';
      if (options.model) {
        const at = Date.now();
        const started = performance.now();
        let result;
        try {
          result = await compressOlderContext(request.messages, options.model.compressor, options.model.rate);
          measure('llmlingua2', at, started, [result.tokensBefore, result.tokensAfter]);
        } catch {
          measure('llmlingua2', at, started, null);
        }
        // The answer streams outside the try: a failing answer is not a failed compression.
        if (result) {
          if (result.tokensAfter < result.tokensBefore) {
            const saved = result.tokensBefore - result.tokensAfter;
            yield {
              type: 'notice',
              notice: {
                kind: 'compression',
                text: `Context compressed with LLMLingua-2 before sending: ${formatTokens(saved)} tokens saved (${formatTokens(result.tokensBefore)} → ${formatTokens(result.tokensAfter)}).`,
                tokensBefore: result.tokensBefore,
                tokensAfter: result.tokensAfter,
                detail: result.compressedText,
              },
            };
            yield* doStream({ ...request, messages: result.messages });
            return;
          }
          yield* doStream(request);
          return;
        }
        fallbackNote = ' (LLMLingua-2 failed: lexical method used)';
      }
      const at = Date.now();
      const started = performance.now();
      const result = await compressContext(request.messages, {
        budgetTokens: options.budgetTokens,
        embedder: options.embedder ?? null,
      });
      measure('lexical', at, started, [result.tokensBefore, result.tokensAfter]);
      if (result.tokensAfter < result.tokensBefore) {
        const notice: AnswerNotice = {
          kind: 'compression',
          text: `Context compressed before sending: ${formatTokens(result.tokensBefore - result.tokensAfter)} tokens saved (${formatTokens(result.tokensBefore)} → ${formatTokens(result.tokensAfter)})${fallbackNote}.`,
          tokensBefore: result.tokensBefore,
          tokensAfter: result.tokensAfter,
        };
        yield { type: 'notice', notice };
        yield* doStream({ ...request, messages: result.messages });
        return;
      }
      yield* doStream(request);
    },
  };
}
