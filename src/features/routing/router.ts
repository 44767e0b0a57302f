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
 * - 'private'      this device and your server only, NEVER Claude; tiers.ts places the server.
 * Cascade (a setting, off by default, any strategy that allows Claude): a local answer the
 * health tracker scores as evasive/drifting is escalated to Claude (`shouldEscalate`).
 *
 * Availability, applied after the strategy: no key → local; offline → local; no local model or
 * no WebGPU/WASM → Claude; prompt longer than the local window → Claude. A per-message override
 * beats a per-conversation one; both beat the strategy, but not availability.
 */
import type { Classification, RouteBlocker, RouteDecision, Strategy, Target } from '../../core/route';
import { isLowQuality, lowQualityReason, type QualityEstimate } from './quality';
import { formatTokens } from '../../core/tokens';

function exceedsWindow(ctx: RouteContext): boolean {
  return ctx.promptTokens > ctx.localContextWindow;
}

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
  /** Hybrid learning from ratings (when on): the local model's estimate for this prompt's kind. */
  localQuality?: QualityEstimate | null;
  /** Learning from ratings (when on): the server model's estimate for this prompt's kind. */
  serverQuality?: QualityEstimate | null;
  /** The user's own server is set (URL and model). */
  serverReady?: boolean;
  /** For labels: "llama3.1:8b at 192.168.1.20:11434". */
  serverName?: string;
}

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
/** The blocker's text, for notices (`fallback.ts`). */
export function claudeBlocker(ctx: RouteContext): string | null {
  const code = claudeBlockerCode(ctx);
  return code && BLOCKER_TEXT[code];
}
export function localBlocker(ctx: RouteContext): string | null {
  const code = localBlockerCode(ctx);
  return code && BLOCKER_TEXT[code];
}
function windowReason(ctx: RouteContext): string {
  return `${formatTokens(ctx.promptTokens)} tokens exceeds local window`;
}

export function routeLabel(
  target: Target,
  reasons: readonly string[],
  ctx: Pick<RouteContext, 'localModelName' | 'claudeName' | 'serverName'>,
): string {
  const who =
    target === 'local'
      ? `local ${ctx.localModelName}`
      : target === 'server'
        ? `your server (${ctx.serverName ?? 'model'})`
        : (ctx.claudeName ?? 'Claude');
  return reasons.length ? `${who}: ${reasons.join(', ')}` : who;
}

/** Decides where a prompt goes. Pure: same inputs, same decision. */
export function decideRoute(classification: Classification, ctx: RouteContext): RouteDecision {
  // Private: this device as under local-only (tiers.ts then adds the server); never Claude.
  if (ctx.strategy === 'private') {
    return { ...decideTwoTier(classification, { ...ctx, strategy: 'local-only' }), strategy: 'private' };
  }
  return decideTwoTier(classification, ctx);
}

function decideTwoTier(classification: Classification, ctx: RouteContext): RouteDecision {
  const reasons: string[] = [classification.category];
  const blockers: RouteBlocker[] = [];
  const met = <T extends RouteBlocker | null>(code: T): T => {
    if (code) blockers.push(code);
    return code;
  };
  let target: Target;
  let available = true;
  let overridden = false;
  let learned: RouteDecision['learned'];

  const override = ctx.messageOverride ?? ctx.conversationOverride ?? null;
  const overrideScope = ctx.messageOverride ? 'this message' : 'this conversation';
  const privacyLocked = ctx.strategy === 'local-only' && override === 'claude';
  if (override === 'server') {
    if (ctx.serverReady) {
      reasons.push(`you chose your server for ${overrideScope}`);
      target = 'server';
      overridden = true;
      return finish();
    }
    reasons.push('your choice of your server is not possible: no server is set');
  }

  if (override && override !== 'server' && !privacyLocked) {
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
      const cCode = claudeBlockerCode(ctx);
      // Ratings say local answers of this kind are poor: Claude, when it can answer.
      if (ctx.strategy === 'hybrid' && classification.kind === 'simple' && !cCode) {
        if (isLowQuality(ctx.localQuality)) {
          learned = 'low-local-rating';
          target = 'claude';
          reasons.push(lowQualityReason(ctx.localQuality!));
          break;
        }
      }
      const wantsClaude = ctx.strategy === 'hybrid' && classification.kind !== 'simple';
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
    // A side the user chose (this message or this conversation) answers or fails visibly: a
    // silent answer from the other side would hide why the chosen one failed.
    const fallbackAllowed = !overridden && ctx.strategy !== 'local-only' && ctx.strategy !== 'claude-only';
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
      ...(learned ? { learned } : {}),
    };
  }
}
