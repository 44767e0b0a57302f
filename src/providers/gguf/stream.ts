/**
 * Pure pieces of GGUF generation: what one OpenAI-style chunk from wllama (llama-server's format)
 * carries: text, finish reason, timings.
 */

export interface ChunkRead {
  text: string;
  finish: 'stop' | 'length' | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** `choices[0].delta.content` (chat) or `choices[0].text` (completion), and `finish_reason`. */
export function readChunk(chunk: unknown): ChunkRead {
  const choice = isRecord(chunk) && Array.isArray(chunk.choices) ? (chunk.choices[0] as unknown) : undefined;
  if (!isRecord(choice)) return { text: '', finish: null };
  const delta = isRecord(choice.delta) ? choice.delta.content : undefined;
  const text = typeof delta === 'string' ? delta : typeof choice.text === 'string' ? choice.text : '';
  const f = choice.finish_reason;
  return { text, finish: f === 'length' ? 'length' : f === 'stop' ? 'stop' : null };
}

export interface ChunkTimings {
  inputTokens: number;
  outputTokens: number;
  prefillPerSecond: number | null;
  decodePerSecond: number | null;
}

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** llama-server's `timings` (prompt_n, cache_n, predicted_n, per-second rates) or `usage`. */
export function timingsOf(chunk: unknown): ChunkTimings | null {
  if (!isRecord(chunk)) return null;
  const t = chunk.timings;
  if (isRecord(t) && finite(t.predicted_n) !== null) {
    return {
      inputTokens: (finite(t.prompt_n) ?? 0) + (finite(t.cache_n) ?? 0),
      outputTokens: finite(t.predicted_n) ?? 0,
      prefillPerSecond: finite(t.prompt_per_second),
      decodePerSecond: finite(t.predicted_per_second),
    };
  }
  const u = chunk.usage;
  if (isRecord(u) && finite(u.completion_tokens) !== null) {
    return {
      inputTokens: finite(u.prompt_tokens) ?? 0,
      outputTokens: finite(u.completion_tokens) ?? 0,
      prefillPerSecond: null,
      decodePerSecond: null,
    };
  }
  return null;
}
