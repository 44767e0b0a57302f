/**
 * What to do after the routed target failed: answer from the other side (with a notice saying
 * why), or show the failure with advice. Pure; decided on error codes.
 */
import type { SerializedError } from '../../core/errors';
import { claudeBlocker, localBlocker, type RouteContext } from './router';
import { type RouteDecision, type Target } from '../../core/route';

export interface FallbackDecision {
  /** Where to retry the same prompt; null: no automatic fallback (show the notice only). */
  target: Target | null;
  /** A notice for the conversation, saying what happened and what to do. */
  notice: string;
  reasons: string[];
}

type ErrorLike = Pick<SerializedError, 'code' | 'retryable'> & { details?: SerializedError['details'] };

const LOCAL_FAILURE_WORDS: Partial<Record<string, string>> = {
  'device-lost': 'the GPU device was lost',
  'out-of-memory': 'it ran out of memory',
  'context-window-exceeded': 'the conversation is longer than its context window',
  'model-load-failed': 'the model could not be loaded',
  'worker-crashed': 'its worker crashed',
  'webgpu-unavailable': 'WebGPU is not available',
  'generation-failed': 'generation failed',
};

const CLAUDE_FAILURE_WORDS: Partial<Record<string, string>> = {
  offline: 'you are offline',
  network: 'Claude could not be reached',
  'invalid-api-key': 'Claude rejected the API key',
  'permission-denied': 'the API key is not allowed to use this model',
  'rate-limited': "Claude's rate limit was reached",
  overloaded: 'Claude is overloaded',
  'server-error': 'Claude had a server error',
};

/** Claude errors worth answering locally instead (bad requests are not: the prompt is the problem). */
const CLAUDE_FALLBACK_CODES = new Set(Object.keys(CLAUDE_FAILURE_WORDS));

/**
 * What to do after the chosen target failed. Local failure → Claude when the strategy allows
 * (hybrid, local-first) and Claude is usable. Claude failure (offline, network, 401/403, rate
 * limit exhausted, overloaded, 5xx) → local when the strategy allows (hybrid, local-first) and
 * a local model is ready. A connection cut mid-answer keeps the partial answer and offers a
 * retry rather than switching models. Stopping is never a failure.
 */
export function fallbackAfterFailure(
  decision: RouteDecision,
  error: ErrorLike,
  ctx: RouteContext,
): FallbackDecision | null {
  if (error.code === 'aborted') return null;
  const local = ctx.localModelName;
  const claude = ctx.claudeName ?? 'Claude';

  if (decision.target === 'local') {
    const what = LOCAL_FAILURE_WORDS[error.code] ?? 'it failed';
    const head = `${local} could not answer: ${what}.`;
    if (!decision.fallbackAllowed && decision.overridden) {
      return {
        target: null,
        notice: `${head} You chose local for this answer, so Claude was not asked. Try again, or choose Auto.`,
        reasons: [what],
      };
    }
    if (!decision.fallbackAllowed) {
      return {
        target: null,
        notice: `${head} ${ctx.strategy === 'local-only' ? 'Strategy is local only, so Claude was not asked. Try a smaller model or a shorter conversation.' : 'Try again, or change the strategy in Settings.'}`,
        reasons: [what],
      };
    }
    const blocker = claudeBlocker(ctx);
    if (blocker) {
      return {
        target: null,
        notice: `${head} Claude cannot take over (${blocker}).`,
        reasons: [what, blocker],
      };
    }
    return {
      target: 'claude',
      notice: `${head} Answering with ${claude} instead.`,
      reasons: [what, `fell back to ${claude}`],
    };
  }

  // Claude failed.
  if (error.code === 'network' && error.details?.partial === true) {
    return {
      target: null,
      notice:
        'The connection to Claude was lost mid-answer. The partial answer is kept; retry to get a full one.',
      reasons: ['connection lost mid-answer'],
    };
  }
  const what = CLAUDE_FAILURE_WORDS[error.code];
  if (!what || !CLAUDE_FALLBACK_CODES.has(error.code)) {
    return {
      target: null,
      notice: 'Claude could not answer this request. See the error for what to change.',
      reasons: [error.code],
    };
  }
  const advice =
    error.code === 'invalid-api-key' || error.code === 'permission-denied'
      ? ' Check the key in Settings.'
      : '';
  if (!decision.fallbackAllowed && decision.overridden) {
    return {
      target: null,
      notice: `${capitalise(what)}.${advice} You chose Claude for this answer, so the local model was not asked. Try again, or choose Auto to let the local model answer.`,
      reasons: [what],
    };
  }
  if (!decision.fallbackAllowed) {
    return {
      target: null,
      notice: `${capitalise(what)}.${advice} Strategy is Claude only; switch to hybrid to answer locally meanwhile.`,
      reasons: [what],
    };
  }
  const blocker = localBlocker(ctx);
  if (blocker) {
    return {
      target: null,
      notice: `${capitalise(what)}, and no local answer is possible (${blocker}).${advice}`,
      reasons: [what, blocker],
    };
  }
  return {
    target: 'local',
    notice: `${capitalise(what)}; answered locally with ${local} instead.${advice}`,
    reasons: [what, `fell back to local ${local}`],
  };
}

function capitalise(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
