/**
 * The context budget of the local model: how many tokens the conversation takes of the model's
 * window (the meter), and trimming of older turns before a request so it never overflows.
 * Applies to both local backends (WebLLM and transformers.js) with their catalog windows.
 */
import { fitToContext, type ContextBudgetResult } from '../providers/webllm/context-budget';
import type { ChatMessage, ChatProvider, GenerateRequest, StreamPart } from '../providers/types';

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

  /** A provider that sends only what fits the window, and records when older turns were left out. */
  wrap(inner: ChatProvider, contextWindow: number, conversationId: string): ChatProvider {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const state = this;
    return {
      kind: inner.kind,
      label: inner.label,
      stream(request: GenerateRequest): AsyncIterable<StreamPart> {
        const fit = fitToContext({
          messages: request.messages,
          contextWindow,
          maxOutputTokens: request.settings.maxTokens,
        });
        state.lastTrim =
          fit.trimmedCount > 0
            ? { conversationId, trimmedCount: fit.trimmedCount, windowTokens: fit.windowTokens }
            : state.lastTrim?.conversationId === conversationId
              ? null
              : state.lastTrim;
        const maxTokens = Math.max(
          1,
          Math.min(request.settings.maxTokens, fit.windowTokens - fit.usedTokens),
        );
        return inner.stream({
          ...request,
          messages: fit.messages,
          settings: { ...request.settings, maxTokens },
        });
      },
    };
  }
}
