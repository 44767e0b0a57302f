/**
 * One normalised record per attempt at an answer (chat now, the workbench later): which model on
 * which backend and device, where the router sent it and why, how it ended, and its speed computed
 * one way for every backend from the attempt's own clock. Stored in its own indexed store, so a
 * dashboard never reads the messages.
 */
import type { StoredMessage } from '../stored';
import type { ProviderKind } from '../provider';
import type { RouteDecision } from '../route';
import type { Attempt, AttemptStatus } from './collect';

export type MetricSource = 'chat' | 'workbench' | 'judge';

export interface AnswerMetric {
  /** `${messageId}:${attempt}` */
  id: string;
  messageId: string;
  conversationId: string;
  /** 0 for the first model asked, 1 after a fallback or escalation, ... */
  attempt: number;
  /** Which feature asked: chat, the Evaluate workbench, or the workbench's judge. */
  source: MetricSource;
  modelId: string;
  modelLabel: string;
  backend: ProviderKind;
  device: string | null;
  route: Pick<RouteDecision, 'target' | 'kind' | 'category' | 'strategy' | 'reasons'> | null;
  status: AttemptStatus;
  errorCode: string | null;
  startedAt: number;
  totalMs: number;
  ttftMs: number | null;
  /** Input tokens / seconds to the first text. */
  prefillTokensPerSecond: number | null;
  /** Output tokens / seconds from the first text to the end. */
  decodeTokensPerSecond: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

function rate(tokens: number | undefined, ms: number | null): number | null {
  if (tokens === undefined || ms === null || ms <= 0 || tokens <= 0) return null;
  return tokens / (ms / 1000);
}

/** The records of one answer's attempts. `costUsd` prices an attempt's usage (null: free or unknown). */
export function toAnswerMetrics(
  answer: StoredMessage,
  attempts: readonly Attempt[],
  options: {
    costUsd?: (attempt: Attempt) => number | null;
    device?: string | null;
    source?: MetricSource;
  } = {},
): AnswerMetric[] {
  const route = answer.route
    ? {
        target: answer.route.target,
        kind: answer.route.kind,
        category: answer.route.category,
        strategy: answer.route.strategy,
        reasons: [...answer.route.reasons],
      }
    : null;
  return attempts.map((a, i) => {
    const ttftMs = a.firstTextAt === null ? null : a.firstTextAt - a.startedAt;
    const decodeMs = a.firstTextAt === null ? null : a.endedAt - a.firstTextAt;
    return {
      id: `${answer.id}:${i}`,
      messageId: answer.id,
      conversationId: answer.conversationId,
      attempt: i,
      source: options.source ?? 'chat',
      modelId: a.model.id,
      modelLabel: a.model.label,
      backend: a.model.kind,
      device: a.model.device ?? (a.model.kind === 'claude' ? null : (options.device ?? null)),
      route,
      status: a.status,
      errorCode: a.errorCode ?? null,
      startedAt: a.startedAt,
      totalMs: a.endedAt - a.startedAt,
      ttftMs,
      prefillTokensPerSecond: rate(a.usage?.inputTokens, ttftMs),
      decodeTokensPerSecond: rate(a.usage?.outputTokens, decodeMs),
      inputTokens: a.usage?.inputTokens ?? null,
      outputTokens: a.usage?.outputTokens ?? null,
      costUsd: a.usage && options.costUsd ? options.costUsd(a) : null,
    };
  });
}
