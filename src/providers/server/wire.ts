/**
 * The OpenAI chat-completions wire format as Tandem reads it (valibot schemas), for every
 * OpenAI-compatible server: Ollama, llama.cpp's llama-server, LM Studio, vLLM, SGLang, gateways.
 *
 * Rules:
 * - Fields Tandem does not use are IGNORED (servers add their own: llama-server's `timings`,
 *   vLLM's `stop_reason`, OpenRouter's `provider`...): `v.object` drops them.
 * - A field Tandem uses that has the wrong shape (content that is a number, a tool call index
 *   that is a string) is MALFORMED: the caller ends the answer with a `bad-response` error.
 * - `data: [DONE]` ends the stream; a chunk that carries `error` is an error sent mid-stream.
 */
import * as v from 'valibot';

const Text = v.optional(v.nullable(v.string()));
const Count = v.optional(v.nullable(v.pipe(v.number(), v.minValue(0))));

export const UsageSchema = v.object({
  prompt_tokens: Count,
  completion_tokens: Count,
  prompt_tokens_details: v.optional(v.nullable(v.object({ cached_tokens: Count }))),
});

const ToolCallDelta = v.object({
  index: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  id: Text,
  function: v.optional(v.nullable(v.object({ name: Text, arguments: Text }))),
});

const Delta = v.object({
  content: Text,
  /** DeepSeek, llama-server, SGLang, older vLLM. */
  reasoning_content: Text,
  /** Ollama, newer vLLM, OpenRouter. */
  reasoning: Text,
  tool_calls: v.optional(v.nullable(v.array(ToolCallDelta))),
});

const ChunkChoice = v.object({
  index: v.optional(v.number()),
  delta: v.optional(v.nullable(Delta)),
  finish_reason: Text,
});

/** `{"error": {...}}` (OpenAI, llama-server, vLLM) or `{"error": "text"}` (Ollama). */
const ErrorField = v.union([v.string(), v.looseObject({ message: v.optional(v.unknown()) })]);

export const ChunkSchema = v.object({
  choices: v.optional(v.nullable(v.array(ChunkChoice))),
  usage: v.optional(v.nullable(UsageSchema)),
  error: v.optional(ErrorField),
});

const ToolCall = v.object({
  id: Text,
  /** A JSON string (OpenAI); some servers send the object itself. */
  function: v.object({ name: v.string(), arguments: v.optional(v.unknown()) }),
});

export const CompletionSchema = v.object({
  choices: v.array(
    v.object({
      message: v.object({
        content: Text,
        reasoning_content: Text,
        reasoning: Text,
        tool_calls: v.optional(v.nullable(v.array(ToolCall))),
      }),
      finish_reason: Text,
    }),
  ),
  usage: v.optional(v.nullable(UsageSchema)),
});

export const ModelsSchema = v.object({ data: v.array(v.object({ id: v.string() })) });
export const OllamaTagsSchema = v.object({ models: v.array(v.object({ name: v.string() })) });

export type WireUsage = v.InferOutput<typeof UsageSchema>;
export type WireChunk = v.InferOutput<typeof ChunkSchema>;
export type WireCompletion = v.InferOutput<typeof CompletionSchema>;

export type ParsedChunk =
  | { kind: 'chunk'; chunk: WireChunk }
  | { kind: 'done' }
  | { kind: 'error'; body: unknown }
  | { kind: 'malformed'; issue: string };

export function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'invalid';
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** One SSE `data:` payload → a validated chunk, the end marker, an error or a malformed chunk. */
export function parseChunk(data: string): ParsedChunk {
  if (data.trim() === '[DONE]') return { kind: 'done' };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { kind: 'malformed', issue: 'data is not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { kind: 'malformed', issue: 'data is not a JSON object' };
  }
  const parsed = v.safeParse(ChunkSchema, json);
  if (!parsed.success) return { kind: 'malformed', issue: firstIssue(parsed.issues) };
  if (parsed.output.error !== undefined) return { kind: 'error', body: json };
  return { kind: 'chunk', chunk: parsed.output };
}

/** Maps a chat-completions `finish_reason` to Tandem's. */
export function mapFinishReason(
  reason: string | null | undefined,
): 'stop' | 'length' | 'tool-calls' | 'refusal' {
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'refusal';
    default:
      return 'stop';
  }
}
