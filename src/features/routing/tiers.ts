/**
 * The third tier: the user's own server, between this device and Claude. Pure.
 *
 * `decideRoute` first decides device or Claude as before; `placeServerTier` then moves the answer
 * to the server when one is set and ready:
 * - hybrid: what would go to Claude (complex tasks, what the device cannot run) goes to the
 *   server, except tool requests while Claude can take them (the server tier runs no tools);
 * - local-first: device → server → Claude: the server takes what the device cannot answer;
 * - private: never Claude. Simple tasks on the device, complex ones (and what the device cannot
 *   run) on the server;
 * - claude-only and local-only are left as they are (local-only means this device only).
 * An explicit override (this message, this conversation) is kept. When learning from ratings is on
 * and the server model's answers to a kind are rated low, a kind Claude would take stays with Claude.
 *
 * `fallbackWithServer`: after a failure, the next tier in the same order, never Claude under
 * private; otherwise the two-tier rules (`fallbackAfterFailure`).
 */
import type { Classification, RouteDecision, ServerTier } from '../../core/route';
import { fallbackAfterFailure, type FallbackDecision } from './fallback';
import {
  BLOCKER_TEXT,
  decideRoute,
  claudeBlocker,
  localBlocker,
  routeLabel,
  type RouteContext,
} from './router';
import { formatTokens } from '../../core/tokens';
import { isLowQuality } from './quality';
import type { SerializedError } from '../../core/errors';

function localObstacle(ctx: RouteContext): string | null {
  if (!ctx.localRuntimeAvailable) return BLOCKER_TEXT['no-local-runtime'];
  if (!ctx.localModelReady) return BLOCKER_TEXT['no-local-model'];
  if (ctx.promptTokens > ctx.localContextWindow)
    return `${formatTokens(ctx.promptTokens)} tokens exceeds local window`;
  return null;
}

function toServer(decision: RouteDecision, ctx: RouteContext, reasons: string[]): RouteDecision {
  return {
    ...decision,
    target: 'server',
    reasons,
    label: routeLabel('server', reasons, ctx),
    available: true,
    blocker: null,
    fallbackAllowed: true,
  };
}

/** Where a prompt goes with three tiers: `decideRoute`, then the server placed. Pure. */
export function decideTieredRoute(classification: Classification, ctx: RouteContext): RouteDecision {
  return placeServerTier(classification, ctx, decideRoute(classification, ctx));
}

export function placeServerTier(
  classification: Classification,
  ctx: RouteContext,
  decision: RouteDecision,
): RouteDecision {
  const strategy = ctx.strategy;
  if (strategy === 'claude-only' || strategy === 'local-only') return decision;
  if (decision.overridden || !ctx.serverReady) {
    // Private without a server: the device only, and its decision says so.
    return strategy === 'private' ? { ...decision, fallbackAllowed: false } : decision;
  }
  const obstacle = localObstacle(ctx);
  const category = classification.category;
  if (strategy === 'private') {
    if (obstacle) return toServer(decision, ctx, [category, obstacle]);
    if (classification.kind !== 'simple') return toServer(decision, ctx, [category]);
    return { ...decision, fallbackAllowed: true };
  }
  const claudeCanTakeTools =
    strategy === 'hybrid' &&
    classification.kind === 'tool' &&
    decision.target === 'claude' &&
    decision.available;
  if (claudeCanTakeTools) return decision;
  // Learned: the server's answers to this kind are rated low, so Claude (when it can) keeps it.
  if (decision.target === 'claude' && decision.available && isLowQuality(ctx.serverQuality)) {
    const q = ctx.serverQuality!;
    const why = `your server's answers to ${q.category} were rated ${q.mean.toFixed(1)}/5`;
    return {
      ...decision,
      reasons: [...decision.reasons, why],
      label: routeLabel('claude', [...decision.reasons, why], ctx),
    };
  }
  // Hybrid: every non-simple task leaves the device (to Claude before; to the server now).
  const remote =
    decision.target === 'claude' ||
    !decision.available ||
    obstacle !== null ||
    (strategy === 'hybrid' && classification.kind !== 'simple');
  if (!remote) return decision;
  const reasons = [category];
  if (obstacle) reasons.push(obstacle);
  if (classification.kind === 'tool') reasons.push('answering without tools');
  return toServer(decision, ctx, reasons);
}

const SERVER_FAILURE_WORDS: Partial<Record<string, string>> = {
  network: 'your server could not be reached',
  timeout: 'your server did not answer in time',
  'model-loading': 'your server is still loading the model',
  overloaded: 'your server is busy',
  'server-error': 'your server had an error',
  'rate-limited': "your server's rate limit was reached",
  'invalid-api-key': 'your server rejected the API key',
  'not-found': 'your server does not have the model',
  'context-window-exceeded': "the conversation is longer than the server model's context window",
};

type ErrorLike = Pick<SerializedError, 'code' | 'retryable'> & { details?: SerializedError['details'] };

/** After a failure: the next tier (device → server → Claude), Claude never under private. */
export function fallbackWithServer(
  decision: RouteDecision,
  error: ErrorLike,
  ctx: RouteContext,
): FallbackDecision | null {
  if (error.code === 'aborted') return null;
  const server = ctx.serverName ?? 'your server';
  if (decision.target === 'server') {
    if (error.code === 'network' && error.details?.partial === true) {
      return {
        target: null,
        notice:
          'The connection to your server was lost mid-answer. The partial answer is kept; retry to get a full one.',
        reasons: ['connection lost mid-answer'],
      };
    }
    const what = SERVER_FAILURE_WORDS[error.code] ?? 'your server could not answer';
    const head = `${what[0]!.toUpperCase()}${what.slice(1)}.`;
    const claude = ctx.strategy === 'private' ? 'not allowed' : claudeBlocker(ctx);
    if (!claude && ctx.strategy !== 'private') {
      return {
        target: 'claude',
        notice: `${head} Answering with ${ctx.claudeName ?? 'Claude'} instead.`,
        reasons: [what, 'fell back to Claude'],
      };
    }
    const local = localBlocker(ctx);
    if (!local && error.code !== 'context-window-exceeded') {
      return {
        target: 'local',
        notice: `${head} Answered on this device with ${ctx.localModelName} instead.`,
        reasons: [what, `fell back to local ${ctx.localModelName}`],
      };
    }
    const why =
      ctx.strategy === 'private' ? 'strategy is private, so Claude is not asked' : (claude ?? local ?? '');
    return { target: null, notice: `${head} No other tier can take over (${why}).`, reasons: [what] };
  }
  const base = fallbackAfterFailure(decision, error, ctx);
  if (!ctx.serverReady || ctx.strategy === 'claude-only' || ctx.strategy === 'local-only') return base;
  // The device failed: the server is the next tier (the only one under private).
  if (
    decision.target === 'local' &&
    (base?.target === 'claude' || ctx.strategy === 'private' || base?.target === null)
  ) {
    return {
      target: 'server',
      notice: `${ctx.localModelName} could not answer. Answering with ${server} instead.`,
      reasons: [...(base?.reasons.slice(0, 1) ?? []), `fell back to ${server}`],
    };
  }
  // Claude failed (not the prompt's fault): the server before the device.
  if (decision.target === 'claude' && base?.target === 'local') {
    return {
      ...base,
      target: 'server',
      notice: base.notice.replace(/answered locally with .+ instead/, `answered with ${server} instead`),
    };
  }
  return base;
}

/** "llama3.1:8b at 192.168.1.20:11434", for labels. */
export function serverName(server: ServerTier): string {
  const host = server.endpointOrigin ? new URL(server.endpointOrigin).host : 'your server';
  return `${server.settings.model} at ${host}`;
}
