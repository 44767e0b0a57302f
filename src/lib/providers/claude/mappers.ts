/**
 * Small pure mappers between Tandem's shapes and the Anthropic Messages API.
 *
 * Nothing here touches the network, the clock or the API key; each function has its own test.
 * Secrets: error messages built here never contain the API key (see `redactSecrets`).
 */
import { TandemError, type ErrorCode } from '../../errors';
import type { ChatMessage, FinishReason } from '../types';

// ---------------------------------------------------------------------------------------------
// Messages API wire types (the subset Tandem uses)

/** A prompt-caching breakpoint: everything up to and including this block is cached. */
export interface ApiCacheControl {
  type: 'ephemeral';
}
export interface ApiTextBlock {
  type: 'text';
  text: string;
  cache_control?: ApiCacheControl;
}
export interface ApiToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}
export interface ApiToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
  is_error?: boolean;
  cache_control?: ApiCacheControl;
}
/** Extended thinking, signed by the API; must go back unchanged in a tool-use round. */
export interface ApiThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}
export interface ApiRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}
export type SignedThinking = ApiThinkingBlock | ApiRedactedThinkingBlock;
export type ApiContentBlock =
  ApiTextBlock | ApiToolUseBlock | ApiToolResultBlock | ApiThinkingBlock | ApiRedactedThinkingBlock;

export interface ApiMessage {
  role: 'user' | 'assistant';
  content: ApiContentBlock[];
}

export interface ApiTool {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
  cache_control?: ApiCacheControl;
}

export interface MessagesRequestBody {
  model: string;
  max_tokens: number;
  messages: ApiMessage[];
  system?: string | ApiTextBlock[];
  stream?: boolean;
  temperature?: number;
  tools?: ApiTool[];
  thinking?: { type: 'enabled'; budget_tokens: number };
}

export interface ApiUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export interface ApiErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

// ---------------------------------------------------------------------------------------------
// Conversation → request body

export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
}

export interface ToolResult {
  id: string;
  output: string;
  isError: boolean;
}

/**
 * What the mapper accepts: plain chat messages, plus the two tool turns of a tool-use round
 * (an assistant turn that called tools, and the tool results that answer it).
 */
export type ConversationMessage =
  | ChatMessage
  | { role: 'assistant'; content: string; toolCalls: ToolCall[]; thinking?: SignedThinking[] }
  | { role: 'tool'; results: ToolResult[] };

export interface BodyOptions {
  model: string;
  maxTokens: number;
  /** Extra system prompt, placed before any system messages found in the conversation. */
  system?: string;
  temperature?: number;
  tools?: ApiTool[];
  stream?: boolean;
  /** Extended thinking budget in tokens (>= 1024); only sent to models that support it. */
  thinkingBudget?: number;
  /** Mark the stable prefix (tools, system, conversation so far) with cache breakpoints. */
  cache?: boolean;
}

/** Smallest thinking budget the API accepts. */
export const MIN_THINKING_BUDGET = 1024;

/**
 * Whether the model supports extended thinking: Claude 3.7 Sonnet and every Claude 4+ model
 * (claude-sonnet-4-5, claude-haiku-4-5, claude-opus-4-1, claude-sonnet-5-5, ...). An unknown id
 * that does not follow the naming scheme (a gateway alias) is assumed to support it.
 */
export function supportsThinking(model: string): boolean {
  if (/^claude-3-7-sonnet/.test(model)) return true;
  const m = /^claude-(?:[a-z]+-)?(\d+)/.exec(model);
  if (!m) return !model.startsWith('claude-');
  return Number(m[1]) >= 4;
}

/**
 * Whether the model accepts non-default sampling parameters. Claude 5-generation models
 * (claude-sonnet-5, claude-sonnet-5-5, claude-opus-5, ...) answer 400 to a non-default
 * temperature/top_p, so Tandem leaves them out there. Older IDs (claude-haiku-4-5,
 * claude-3-5-haiku-...) accept `temperature` (but not temperature and top_p together on 4.5,
 * so top_p is never sent).
 */
export function acceptsSamplingParams(model: string): boolean {
  const m = /^claude-[a-z]+-(\d+)/.exec(model);
  if (!m) return true;
  return Number(m[1]) < 5;
}

/** Splits out system text and maps the rest to API messages, merging consecutive same roles. */
export function toApiMessages(messages: readonly ConversationMessage[]): {
  system: string;
  messages: ApiMessage[];
} {
  const systemParts: string[] = [];
  const out: ApiMessage[] = [];

  const push = (role: 'user' | 'assistant', blocks: ApiContentBlock[]): void => {
    if (blocks.length === 0) return;
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else out.push({ role, content: [...blocks] });
  };

  for (const message of messages) {
    if (message.role === 'system') {
      if (message.content.trim()) systemParts.push(message.content.trim());
      continue;
    }
    if (message.role === 'tool') {
      push(
        'user',
        message.results.map((r) => ({
          type: 'tool_result' as const,
          tool_use_id: r.id,
          content: r.output,
          ...(r.isError ? { is_error: true } : {}),
        })),
      );
      continue;
    }
    const blocks: ApiContentBlock[] = [];
    // Signed thinking goes back first and unchanged (the API checks the signature).
    if ('thinking' in message && message.thinking) blocks.push(...message.thinking.map((b) => ({ ...b })));
    if (message.content.trim()) blocks.push({ type: 'text', text: message.content });
    if ('toolCalls' in message) {
      for (const call of message.toolCalls) {
        blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.input ?? {} });
      }
    }
    push(message.role, blocks);
  }

  for (const message of out) {
    // The API wants tool_result blocks first in a user turn.
    if (message.role === 'user' && message.content.some((b) => b.type === 'tool_result')) {
      message.content.sort((a, b) => Number(b.type === 'tool_result') - Number(a.type === 'tool_result'));
    }
  }

  // A final assistant turn is a prefill; the API rejects trailing whitespace there.
  const last = out[out.length - 1];
  if (last?.role === 'assistant') {
    const tail = last.content[last.content.length - 1];
    if (tail?.type === 'text') {
      tail.text = tail.text.trimEnd();
      if (!tail.text) last.content.pop();
      if (last.content.length === 0) out.pop();
    }
  }

  return { system: systemParts.join('\n\n'), messages: out };
}

/** Our conversation (+ system) → a Messages API request body. */
export function toMessagesBody(
  messages: readonly ConversationMessage[],
  options: BodyOptions,
): MessagesRequestBody {
  const mapped = toApiMessages(messages);
  const system = [options.system?.trim() ?? '', mapped.system].filter(Boolean).join('\n\n');
  const body: MessagesRequestBody = {
    model: options.model,
    max_tokens: Math.max(1, Math.floor(options.maxTokens)),
    messages: mapped.messages,
  };
  if (system) body.system = system;
  const thinking =
    options.thinkingBudget !== undefined && options.thinkingBudget > 0 && supportsThinking(options.model);
  if (thinking) {
    // budget_tokens counts inside max_tokens: keep the answer's own allowance on top of it.
    const budget = Math.max(MIN_THINKING_BUDGET, Math.floor(options.thinkingBudget!));
    body.thinking = { type: 'enabled', budget_tokens: budget };
    body.max_tokens = budget + body.max_tokens;
  } else if (options.temperature !== undefined && acceptsSamplingParams(options.model)) {
    // With thinking on, the API accepts no temperature other than 1: leave it out.
    body.temperature = Math.min(1, Math.max(0, options.temperature));
  }
  if (options.tools && options.tools.length > 0) body.tools = options.tools.map((t) => ({ ...t }));
  if (options.stream) body.stream = true;
  if (options.cache) addCacheBreakpoints(body);
  return body;
}

/**
 * Prompt caching: up to three `cache_control` breakpoints on the stable prefix, in the API's
 * cache order (tools → system → messages): the last tool, the system prompt, and the last block
 * of the latest user turn. The next request of the conversation starts with that same prefix,
 * so the API reads it from the cache (it looks back from each breakpoint for the longest
 * prefix it has cached) and only the new turn is billed at the full input price.
 */
export function addCacheBreakpoints(body: MessagesRequestBody): void {
  const mark: ApiCacheControl = { type: 'ephemeral' };
  const lastTool = body.tools?.at(-1);
  if (lastTool) lastTool.cache_control = mark;
  if (typeof body.system === 'string' && body.system) {
    body.system = [{ type: 'text', text: body.system, cache_control: mark }];
  }
  for (let i = body.messages.length - 1; i >= 0; i--) {
    const message = body.messages[i]!;
    if (message.role !== 'user') continue;
    const block = message.content.at(-1);
    if (block && (block.type === 'text' || block.type === 'tool_result')) block.cache_control = mark;
    break;
  }
}

// ---------------------------------------------------------------------------------------------
// Stop reasons

/**
 * Messages API stop_reason → FinishReason.
 * end_turn, stop_sequence, pause_turn, null → 'stop'; max_tokens and
 * model_context_window_exceeded → 'length'; tool_use → 'tool-calls'; refusal → 'refusal'.
 */
export function mapStopReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case 'refusal':
      return 'refusal';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    default:
      return 'stop';
  }
}

/** What a refusal notice says: that Claude declined, and what the user can do. */
export function refusalMessage(partial: boolean): string {
  const what = partial
    ? 'Claude stopped and declined to continue this answer (a refusal); the text above is what it wrote before.'
    : 'Claude declined to answer this request (a refusal).';
  return `${what} You can rephrase the request or say more about what it is for, or answer with a local model (choose Local by the composer).`;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** Removes anything that looks like an Anthropic key (and the given key) from a text. */
export function redactSecrets(text: string, apiKey?: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out.replace(/sk-ant-[A-Za-z0-9_-]+/g, '[redacted]');
}

/**
 * Parses a `retry-after` header: delay-seconds or an HTTP date. Returns seconds (>= 0) or null.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (!trimmed) return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** Retryable statuses: 408, 409, 429, any 5xx (incl. 529). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

const STATUS_BY_ERROR_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

function parseErrorBody(body: unknown): { type: string | null; message: string | null } {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { type: null, message: null };
    }
  }
  if (typeof value === 'object' && value !== null && 'error' in value) {
    const error = (value as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const e = error as { type?: unknown; message?: unknown };
      return {
        type: typeof e.type === 'string' ? e.type : null,
        message: typeof e.message === 'string' ? e.message : null,
      };
    }
  }
  return { type: null, message: null };
}

export interface HttpErrorContext {
  /** Raw `retry-after` header value, if any. */
  retryAfter?: string | null;
  /** `request-id` header, kept for support questions (not a secret). */
  requestId?: string | null;
  model?: string;
  /** The key, only so it can be scrubbed from any echoed text. */
  apiKey?: string;
  nowMs?: number;
}

function withDetail(base: string, apiMessage: string | null): string {
  if (!apiMessage) return base;
  const clean = apiMessage.trim().replace(/\.$/, '');
  return `${base} (Claude said: ${clean}.)`;
}

/**
 * HTTP status + error body → TandemError with a code, retryable flag, details and a message
 * that tells the user what to do. Works for SSE `error` events too (pass status 0 and the
 * event body; the status is derived from error.type).
 */
export function mapHttpError(status: number, body: unknown, ctx: HttpErrorContext = {}): TandemError {
  const parsed = parseErrorBody(body);
  const effective = status > 0 ? status : (STATUS_BY_ERROR_TYPE[parsed.type ?? ''] ?? 500);
  const apiMessage = parsed.message ? redactSecrets(parsed.message, ctx.apiKey) : null;
  const retryAfterSeconds = parseRetryAfter(ctx.retryAfter, ctx.nowMs);
  const model = ctx.model ? ` ${ctx.model}` : '';

  let code: ErrorCode;
  let message: string;
  switch (true) {
    case effective === 400:
      code = 'bad-request';
      message = withDetail(
        'Claude could not accept this request. Try rephrasing, a shorter message, or another model in Settings.',
        apiMessage,
      );
      break;
    case effective === 401:
      code = 'invalid-api-key';
      message = 'Claude rejected the API key. Check it in Settings.';
      break;
    case effective === 402:
      code = 'permission-denied';
      message = withDetail(
        'Claude refused the request for a billing reason. Check your plan and credits in the Anthropic Console.',
        apiMessage,
      );
      break;
    case effective === 403:
      code = 'permission-denied';
      message = withDetail(
        `This API key is not allowed to do that${model ? ` with${model}` : ''}. Check the key's permissions in the Anthropic Console, or pick another model in Settings.`,
        apiMessage,
      );
      break;
    case effective === 404:
      code = 'not-found';
      message = withDetail(
        `Claude does not know the model${model || ' requested'}. Pick another model in Settings, or check the base URL.`,
        apiMessage,
      );
      break;
    case effective === 408:
      code = 'network';
      message = 'The request to Claude timed out. Try again.';
      break;
    case effective === 413:
      code = 'request-too-large';
      message =
        'This conversation is too large for Claude. Turn on context compression, remove pasted text, or start a new conversation.';
      break;
    case effective === 429:
      code = 'rate-limited';
      message =
        retryAfterSeconds !== null
          ? `Claude's rate limit was reached. Try again in ${Math.ceil(retryAfterSeconds)} s, or answer locally.`
          : "Claude's rate limit was reached. Wait a little and try again, or answer locally.";
      break;
    case effective === 529:
      code = 'overloaded';
      message = 'Claude is overloaded right now. Try again in a moment, or answer locally.';
      break;
    case effective >= 500:
      code = 'server-error';
      message = `Claude had a server error (${effective}). Try again in a moment.`;
      break;
    case effective === 409:
      code = 'server-error';
      message = 'Claude reported a conflict. Try again.';
      break;
    default:
      code = 'unknown';
      message = withDetail(`Claude answered with an unexpected status ${effective}.`, apiMessage);
  }

  const details: Record<string, string | number | boolean> = { status: effective };
  if (parsed.type) details.errorType = parsed.type;
  if (retryAfterSeconds !== null) details.retryAfterSeconds = retryAfterSeconds;
  if (ctx.requestId) details.requestId = ctx.requestId;

  return new TandemError(code, message, {
    name: 'ClaudeError',
    retryable: isRetryableStatus(effective),
    details,
  });
}

/** An SSE `error` event body (after a 200) → TandemError. */
export function mapStreamError(body: unknown, ctx: HttpErrorContext = {}): TandemError {
  return mapHttpError(0, body, ctx);
}
