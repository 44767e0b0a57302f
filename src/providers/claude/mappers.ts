/**
 * Small pure mappers between Tandem's shapes and the Anthropic Messages API.
 *
 * Nothing here touches the network, the clock or the API key; each function has its own test.
 * Wire types: `api-types.ts`; HTTP and stream errors: `http-errors.ts`.
 */
import type { FinishReason } from '../../core/provider';
import type {
  ApiCacheControl,
  ApiContentBlock,
  ApiMessage,
  ApiTool,
  ConversationMessage,
  MessagesRequestBody,
} from './api-types';

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
