/**
 * Providers that carry out a routing decision: pure TypeScript, no browser APIs.
 *
 * - `createRoutedProvider`: streams from the routed target; on a failure that the router says may
 *   fall back, emits a `notice` part (keeping the partial text in it) and streams the same
 *   request from the other side. With the cascade on, a finished LOCAL answer is scored
 *   (`scoreAnswer`, e.g. by the health tracker) and escalated to Claude when `shouldEscalate`
 *   says so: both answers are kept (the local one in the notice).
 * - `withContextGuard`: a local provider that refuses a request longer than the model's window
 *   (counted with the model's own tokenizer) with `context-window-exceeded`, so it can fall back.
 * - `withCompression`: compresses the context before a paid call and reports the tokens saved.
 */
import { TandemError, serializeError, type SerializedError } from '../errors';
import type {
  AnswerNotice,
  ChatMessage,
  ChatProvider,
  GenerateRequest,
  StreamPart,
} from '../providers/types';
import type { Embedder } from '../embeddings/types';
import { compressOlderContext, type TextCompressor } from '../compression/older-context';
import { compressContext } from './compress';
import { report } from '../metrics/measure';
import type { OperationSink } from '../metrics/types';
import { formatTokens } from './tokens';
import type { EscalationDecision, FallbackDecision, RouteDecision, Target } from './router';

export interface RoutedSide {
  provider: ChatProvider;
  model: { kind: ChatProvider['kind']; id: string; label: string };
}

export interface AnswerScore {
  status: string | null;
  drift: number | null;
  threshold: number;
}

/** Scores a finished local answer (the health tracker in the app); null when it cannot. */
export type AnswerScorer = (answer: string, messages: readonly ChatMessage[]) => Promise<AnswerScore | null>;

export interface RoutedProviderOptions {
  decision: RouteDecision;
  primary: RoutedSide;
  /** The other side, when it can answer now (null: no fallback possible). */
  other: (target: Target) => RoutedSide | null;
  /** The router's verdict on a failure (`fallbackAfterFailure` bound to the route context). */
  onFailure: (error: SerializedError) => FallbackDecision | null;
  cascade?: {
    score: AnswerScorer;
    /** `shouldEscalate` bound to the current settings. */
    decide: (score: AnswerScore) => EscalationDecision;
  };
}

export function createRoutedProvider(options: RoutedProviderOptions): ChatProvider {
  const { primary } = options;
  return {
    kind: primary.provider.kind,
    label: primary.provider.label,
    async *stream(request: GenerateRequest): AsyncGenerator<StreamPart, void, undefined> {
      let text = '';
      for await (const part of primary.provider.stream(request)) {
        if (part.type === 'text-delta') {
          text += part.text;
          yield part;
          continue;
        }
        if (part.type === 'error') {
          const verdict = options.onFailure(part.error);
          const target = verdict?.target ?? null;
          const side = target ? options.other(target) : null;
          if (verdict && side && !request.signal?.aborted) {
            yield {
              type: 'notice',
              notice: {
                kind: 'fallback',
                text: verdict.notice,
                replacedText: text,
                model: side.model,
                failedCode: part.error.code,
              },
            };
            yield* side.provider.stream(request);
            return;
          }
          if (verdict) yield { type: 'notice', notice: { kind: 'info', text: verdict.notice } };
          yield part;
          return;
        }
        if (
          part.type === 'finish' &&
          part.reason === 'stop' &&
          options.cascade &&
          options.decision.target === 'local' &&
          !request.signal?.aborted
        ) {
          const escalation = await escalate(options, text, request.messages);
          if (escalation) {
            const { side, reason } = escalation;
            yield {
              type: 'notice',
              notice: { kind: 'escalation', text: reason, replacedText: text, model: side.model },
            };
            yield* side.provider.stream(request);
            return;
          }
        }
        yield part;
        if (part.type === 'finish') return;
      }
    },
  };
}

async function escalate(
  options: RoutedProviderOptions,
  text: string,
  messages: readonly ChatMessage[],
): Promise<{ side: RoutedSide; reason: string } | null> {
  let score: AnswerScore | null;
  try {
    score = await options.cascade!.score(text, messages);
  } catch {
    return null; // scoring is advisory: a failure keeps the local answer
  }
  if (!score) return null;
  const decision = options.cascade!.decide(score);
  if (!decision.escalate) return null;
  const side = options.other('claude');
  if (!side) return null;
  const reason = decision.reason.charAt(0).toUpperCase() + decision.reason.slice(1);
  return { side, reason: `${reason}.` };
}

/** Refuses requests longer than the local window, counted with the model's tokenizer. */
export function withContextGuard(
  provider: ChatProvider,
  options: { countTokens: (text: string) => Promise<number>; window: number; name: string },
): ChatProvider {
  return {
    kind: provider.kind,
    label: provider.label,
    async *stream(request: GenerateRequest): AsyncGenerator<StreamPart, void, undefined> {
      let tokens: number;
      try {
        const counts = await Promise.all(request.messages.map((m) => options.countTokens(m.content)));
        tokens = counts.reduce((a, b) => a + b, 0) + 4 * request.messages.length;
      } catch {
        tokens = 0; // cannot count: let the model try
      }
      // Only a prompt that does not fit at all is a failure (and may fall back to Claude); a long
      // answer limit is shortened to the room the window leaves instead.
      if (tokens >= options.window && tokens > 0) {
        const error = new TandemError(
          'context-window-exceeded',
          `The conversation (${tokens.toLocaleString('en-US')} tokens) is longer than ${options.name}'s context window (${options.window.toLocaleString('en-US')} tokens). Start a new conversation or use a model with a larger window.`,
          { details: { tokens, window: options.window } },
        );
        yield { type: 'error', error: serializeError(error) };
        return;
      }
      const room = options.window - tokens;
      if (tokens > 0 && request.settings.maxTokens > room) {
        yield* provider.stream({ ...request, settings: { ...request.settings, maxTokens: room } });
        return;
      }
      yield* provider.stream(request);
    },
  };
}

/**
 * Compresses the context before a paid call; reports tokens saved in a notice. With `model`
 * (LLMLingua-2), the older context is compressed by the model instead; `model: null` means it
 * was asked for but is not loaded, so the lexical method runs and the notice says so.
 */
export function withCompression(
  provider: ChatProvider,
  options: {
    budgetTokens: number;
    embedder?: Embedder | null;
    model?: { compressor: TextCompressor; rate: number } | null;
    /** One measurement per compression (method, tokens before and after, time). */
    onOperation?: OperationSink;
  },
): ChatProvider {
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
    kind: provider.kind,
    label: provider.label,
    async *stream(request: GenerateRequest): AsyncGenerator<StreamPart, void, undefined> {
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
            yield* provider.stream({ ...request, messages: result.messages });
            return;
          }
          yield* provider.stream(request);
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
          text: `Context compressed before sending: ${(result.tokensBefore - result.tokensAfter).toLocaleString('en-US')} tokens saved (${result.tokensBefore.toLocaleString('en-US')} → ${result.tokensAfter.toLocaleString('en-US')})${fallbackNote}.`,
          tokensBefore: result.tokensBefore,
          tokensAfter: result.tokensAfter,
        };
        yield { type: 'notice', notice };
        yield* provider.stream({ ...request, messages: result.messages });
        return;
      }
      yield* provider.stream(request);
    },
  };
}
