/**
 * Providers that carry out a routing decision: pure TypeScript, no browser APIs.
 *
 * - `createRoutedProvider`: streams from the routed target; on a failure that the router says may
 *   fall back, emits a `notice` part (keeping the partial text in it) and streams the same
 *   request from the other side. With the cascade on, a finished LOCAL answer is scored
 *   (`scoreAnswer`, e.g. by the health tracker) and escalated to Claude when `shouldEscalate`
 *   says so: both answers are kept (the local one in the notice).
 *
 * What wraps one side (the local context policy, compression before Claude) is provider
 * middleware: `context/middleware.ts`, `./compression-middleware.ts`.
 */
import type { SerializedError } from '../../core/errors';
import type { ChatMessage, ChatProvider, GenerateRequest, StreamPart } from '../../core/provider';
import type { EscalationDecision } from './escalation';
import type { FallbackDecision } from './fallback';
import type { RouteDecision, Target } from '../../core/route';

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
