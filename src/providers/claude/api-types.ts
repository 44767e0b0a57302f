/** Messages API wire types (the subset Tandem uses), and Tandem's tool-turn shapes. Types only. */
import type { ChatMessage } from '../../core/provider';

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
