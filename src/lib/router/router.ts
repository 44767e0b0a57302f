/**
 * The hybrid router: pure TypeScript, no browser APIs. Every decision is an object with the
 * target, the task kind and the reasons, and a label shown on the message, e.g.
 * "local TinyLlama: greeting" or "Claude: code generation, 3,200 tokens exceeds local window".
 *
 * Strategies:
 * - 'claude-only'  everything to Claude; never falls back to local.
 * - 'local-only'   everything local; NEVER sends anything to Claude (privacy guarantee).
 * - 'hybrid'       by task: simple → local, complex/tool → Claude; then availability.
 * - 'local-first'  local unless it cannot run the prompt; a local failure falls back to Claude.
 * Cascade (a setting, off by default, any strategy that allows Claude): a local answer the
 * health tracker scores as evasive/drifting is escalated to Claude (`shouldEscalate`).
 *
 * Availability, applied after the strategy: no key → local; offline → local; no local model or
 * no WebGPU/WASM → Claude; prompt longer than the local window → Claude. A per-message override
 * beats a per-conversation one; both beat the strategy, but not availability.
 */
import type { SerializedError } from '../errors';
import type { Classification, TaskKind } from './classify';
import { formatTokens } from '../tokens/estimate';

export type Strategy = 'claude-only' | 'local-only' | 'hybrid' | 'local-first';
export const STRATEGIES: readonly Strategy[] = ['claude-only', 'local-only', 'hybrid', 'local-first'];
export type Target = 'local' | 'claude';

export interface RouteContext {
  strategy: Strategy;
  /** An API key is set (the key itself never reaches the router). */
  hasKey: boolean;
  /** A local model is loaded (or loadable from cache) and ready. */
  localModelReady: boolean;
  /** WebGPU or WASM can run the local model. */
  localRuntimeAvailable: boolean;
  online: boolean;
  /** Estimated tokens of what would be sent (history + prompt), see tokens.ts. */
  promptTokens: number;
  /** The local model's context window in tokens. */
  localContextWindow: number;
  /** Short name for labels, e.g. "TinyLlama". */
  localModelName: string;
  /** Short name for labels. Default "Claude". */
  claudeName?: string;
  /** Per-message override (beats the conversation's). */
  messageOverride?: Target | null;
  /** Per-conversation override. */
  conversationOverride?: Target | null;
}

export interface RouteDecision {
  target: Target;
  kind: TaskKind;
  /** What the classifier detected, e.g. "greeting", "code generation". */
  category: string;
  /** Human reasons, the category first. */
  reasons: string[];
  /** "local TinyLlama: greeting" / "Claude: code generation, 3,200 tokens exceeds local window". */
  label: string;
  strategy: Strategy;
  /** false when the target cannot actually answer (e.g. local-only with no model loaded). */
  available: boolean;
  /** Whether a failure of `target` may fall back to the other side under this strategy. */
  fallbackAllowed: boolean;
  overridden: boolean;
  /** Every blocker met while deciding, in order (the codes behind the blocker reasons). */
  blockers: RouteBlocker[];
  /** When the target cannot answer (`available` false): why, as a code. */
  blocker: RouteBlocker | null;
}

function exceedsWindow(ctx: RouteContext): boolean {
  return ctx.promptTokens > ctx.localContextWindow;
}

/** Why a side cannot answer: decisions use the code, the reasons show its text. */
export type RouteBlocker = 'no-claude-key' | 'offline' | 'no-local-runtime' | 'no-local-model';

export const BLOCKER_TEXT: Record<RouteBlocker, string> = {
  'no-claude-key': 'no Claude API key',
  offline: 'offline',
  'no-local-runtime': 'no WebGPU or WASM for local models',
  'no-local-model': 'no local model loaded',
};

function claudeBlockerCode(ctx: RouteContext): RouteBlocker | null {
  if (!ctx.hasKey) return 'no-claude-key';
  if (!ctx.online) return 'offline';
  return null;
}
function localBlockerCode(ctx: RouteContext): RouteBlocker | null {
  if (!ctx.localRuntimeAvailable) return 'no-local-runtime';
  if (!ctx.localModelReady) return 'no-local-model';
  return null;
}
function claudeBlocker(ctx: RouteContext): string | null {
  const code = claudeBlockerCode(ctx);
  return code && BLOCKER_TEXT[code];
}
function localBlocker(ctx: RouteContext): string | null {
  const code = localBlockerCode(ctx);
  return code && BLOCKER_TEXT[code];
}
function windowReason(ctx: RouteContext): string {
  return `${formatTokens(ctx.promptTokens)} tokens exceeds local window`;
}

export function routeLabel(
  target: Target,
  reasons: readonly string[],
  ctx: Pick<RouteContext, 'localModelName' | 'claudeName'>,
): string {
  const who = target === 'local' ? `local ${ctx.localModelName}` : (ctx.claudeName ?? 'Claude');
  return reasons.length ? `${who}: ${reasons.join(', ')}` : who;
}

/** Decides where a prompt goes. Pure: same inputs, same decision. */
export function decideRoute(classification: Classification, ctx: RouteContext): RouteDecision {
  const reasons: string[] = [classification.category];
  const blockers: RouteBlocker[] = [];
  const met = <T extends RouteBlocker | null>(code: T): T => {
    if (code) blockers.push(code);
    return code;
  };
  let target: Target;
  let available = true;
  let overridden = false;

  const override = ctx.messageOverride ?? ctx.conversationOverride ?? null;
  const overrideScope = ctx.messageOverride ? 'this message' : 'this conversation';
  const privacyLocked = ctx.strategy === 'local-only' && override === 'claude';

  if (override && !privacyLocked) {
    const code = override === 'claude' ? claudeBlockerCode(ctx) : localBlockerCode(ctx);
    const blocker = met(code) && BLOCKER_TEXT[code!];
    if (!blocker) {
      overridden = true;
      target = override;
      reasons.push(`you chose ${override === 'claude' ? 'Claude' : 'local'} for ${overrideScope}`);
      return finish();
    }
    reasons.push(`your choice of ${override === 'claude' ? 'Claude' : 'local'} is not possible: ${blocker}`);
  } else if (privacyLocked) {
    reasons.push('strategy is local only, so Claude is not used');
  }

  switch (ctx.strategy) {
    case 'local-only': {
      target = 'local';
      const code = met(localBlockerCode(ctx));
      const blocker = code && BLOCKER_TEXT[code];
      if (blocker) {
        available = false;
        reasons.push(blocker);
      } else if (exceedsWindow(ctx)) reasons.push(`${windowReason(ctx)}; older messages will be cut`);
      break;
    }
    case 'claude-only': {
      target = 'claude';
      const code = met(claudeBlockerCode(ctx));
      const blocker = code && BLOCKER_TEXT[code];
      if (blocker) {
        available = false;
        reasons.push(blocker);
      }
      break;
    }
    case 'hybrid':
    case 'local-first': {
      const wantsClaude = ctx.strategy === 'hybrid' && classification.kind !== 'simple';
      const cCode = claudeBlockerCode(ctx);
      const lCode = localBlockerCode(ctx);
      const cBlock = cCode && BLOCKER_TEXT[cCode];
      const lBlock = lCode && BLOCKER_TEXT[lCode];
      if (wantsClaude) {
        if (!cBlock) target = 'claude';
        else if (!lBlock) {
          target = 'local';
          reasons.push(cBlock);
          met(cCode);
          if (classification.kind === 'tool') reasons.push('answering without tools');
          if (exceedsWindow(ctx)) reasons.push(`${windowReason(ctx)}; older messages will be cut`);
        } else {
          target = 'claude';
          available = false;
          reasons.push(cBlock, lBlock);
          met(cCode);
          met(lCode);
        }
        break;
      }
      // Local is preferred (simple task in hybrid, anything in local-first).
      if (lBlock) {
        if (!cBlock) {
          target = 'claude';
          reasons.push(lBlock);
          met(lCode);
        } else {
          target = 'local';
          available = false;
          reasons.push(lBlock, cBlock);
          met(lCode);
          met(cCode);
        }
      } else if (exceedsWindow(ctx)) {
        if (!cBlock) {
          target = 'claude';
          reasons.push(windowReason(ctx));
        } else {
          target = 'local';
          reasons.push(`${windowReason(ctx)}; older messages will be cut (${cBlock})`);
          met(cCode);
        }
      } else {
        target = 'local';
        if (ctx.strategy === 'local-first' && classification.kind !== 'simple') reasons.push('local first');
      }
      break;
    }
  }
  return finish();

  function finish(): RouteDecision {
    const fallbackAllowed =
      ctx.strategy === 'local-only' ? false : ctx.strategy === 'claude-only' ? false : true;
    return {
      target,
      kind: classification.kind,
      category: classification.category,
      reasons,
      label: routeLabel(target, reasons, ctx),
      strategy: ctx.strategy,
      available,
      fallbackAllowed,
      overridden,
      blockers,
      blocker: available ? null : target === 'claude' ? claudeBlockerCode(ctx) : localBlockerCode(ctx),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Fallback after a failure

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

// ---------------------------------------------------------------------------------------------
// Cascade

export interface CascadeSettings {
  /** The cascade setting; off by default. */
  cascade: boolean;
  strategy: Strategy;
  hasKey: boolean;
  online: boolean;
}

export const DEFAULT_CASCADE_SETTINGS: Pick<CascadeSettings, 'cascade'> = { cascade: false };

/** The health tracker's statuses (src/lib/health/types.ts HealthStatus); only evasive/drifting escalate by status. */
export type HealthStatusLike = 'healthy' | 'drifting' | 'fragmented' | 'evasive' | 'critical' | (string & {});

export interface EscalationDecision {
  escalate: boolean;
  reason: string;
}

/**
 * Whether a LOCAL answer should be escalated to Claude (showing both answers). Escalates when
 * the cascade is on, Claude is usable and allowed (not local-only), and the health tracker
 * either labelled the answer evasive/drifting or its drift score is above the threshold.
 */
export function shouldEscalate(
  healthStatus: HealthStatusLike | null | undefined,
  drift: number | null | undefined,
  threshold: number,
  settings: CascadeSettings,
): EscalationDecision {
  if (!settings.cascade) return { escalate: false, reason: 'cascade is off' };
  if (settings.strategy === 'local-only') return { escalate: false, reason: 'strategy is local only' };
  if (settings.strategy === 'claude-only')
    return { escalate: false, reason: 'the answer already came from Claude' };
  if (!settings.hasKey) return { escalate: false, reason: 'no Claude API key' };
  if (!settings.online) return { escalate: false, reason: 'offline' };
  const flagged = healthStatus === 'evasive' || healthStatus === 'drifting';
  const over = typeof drift === 'number' && Number.isFinite(drift) && drift > threshold;
  if (!flagged && !over) return { escalate: false, reason: 'the local answer looks fine' };
  const why = flagged
    ? `the local answer looks ${healthStatus}`
    : `drift ${drift!.toFixed(2)} is above the threshold ${threshold.toFixed(2)}`;
  return { escalate: true, reason: `${why}; asking Claude as well` };
}
