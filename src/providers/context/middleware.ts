/**
 * The context policy (`./policy`) as provider middleware for a local model: before the request
 * reaches the model, the oldest turns that do not fit its window are left out and the answer
 * limit is shortened to the room left; only when the system prompt plus the latest turn cannot
 * fit is the request refused with `context-window-exceeded` (which the router may fall back on).
 */
import { TandemError, serializeError } from '../../core/errors';
import type { ProviderMiddleware } from '../middleware';
import { fitToContextCounted, type ContextBudgetResult } from './policy';

export interface ContextPolicyOptions {
  /** The model's context window in tokens. */
  window: number;
  /** Short model name for the refusal message ("tiny-chat"). */
  name: string;
  /** The model's tokenizer; without it, the token estimate. */
  countTokens?: (text: string) => Promise<number>;
  /** Told what was decided for each request that is sent (the trim notice). */
  onFit?: (fit: ContextBudgetResult) => void;
}

export function contextPolicy(options: ContextPolicyOptions): ProviderMiddleware {
  return {
    name: 'context-policy',
    async *wrapStream({ doStream, request }) {
      const fit = await fitToContextCounted({
        messages: request.messages,
        contextWindow: options.window,
        maxOutputTokens: request.settings.maxTokens,
        ...(options.countTokens ? { countTokens: options.countTokens } : {}),
      });
      if (!fit.fits) {
        const error = new TandemError(
          'context-window-exceeded',
          `The latest message (${fit.usedTokens.toLocaleString('en-US')} tokens with the system prompt) is longer than ${options.name}'s context window (${fit.windowTokens.toLocaleString('en-US')} tokens). Shorten it or use a model with a larger window.`,
          { details: { tokens: fit.usedTokens, window: fit.windowTokens } },
        );
        yield { type: 'error', error: serializeError(error) };
        return;
      }
      options.onFit?.(fit);
      yield* doStream({
        ...request,
        messages: fit.messages,
        settings: { ...request.settings, maxTokens: fit.answerTokens },
      });
    },
  };
}
