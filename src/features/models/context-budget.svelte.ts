/**
 * The context budget of the local model: how many tokens the conversation takes of the model's
 * window (the meter), and the context policy (`lib/context/policy.ts`) as provider middleware
 * that records when older turns were left out (the visible notice). Applies to both local
 * backends (WebLLM and transformers.js) with their catalog windows.
 */
import { contextPolicy, type ContextPolicyOptions } from '../../providers/context/middleware';
import { fitToContext, type ContextBudgetResult } from '../../providers/context/policy';
import type { ProviderMiddleware } from '../../providers/middleware';
import type { ChatMessage } from '../../core/provider';

export interface TrimNotice {
  conversationId: string;
  trimmedCount: number;
  windowTokens: number;
}

export class ContextBudgetState {
  /** The last trimming, per conversation, for the visible notice. */
  lastTrim = $state.raw<TrimNotice | null>(null);

  /** The meter: what the conversation would take of the window if sent now. */
  measure(
    messages: readonly ChatMessage[],
    contextWindow: number,
    maxOutputTokens: number,
  ): ContextBudgetResult {
    return fitToContext({ messages, contextWindow, maxOutputTokens });
  }

  /** The context policy for one conversation's requests, recording the trim notice. */
  policy(conversationId: string, options: Omit<ContextPolicyOptions, 'onFit'>): ProviderMiddleware {
    return contextPolicy({
      ...options,
      onFit: (fit) => {
        this.lastTrim =
          fit.trimmedCount > 0
            ? { conversationId, trimmedCount: fit.trimmedCount, windowTokens: fit.windowTokens }
            : this.lastTrim?.conversationId === conversationId
              ? null
              : this.lastTrim;
      },
    });
  }
}
