/**
 * Few-shot memory (pure): the k curated examples most similar to the new prompt (cosine of the
 * prompt embeddings, at or above a floor), within a token budget, put before the conversation
 * as user/assistant turns right after the system prompt.
 */
import { cosine } from '../../core/vectors';
import type { ChatMessage } from '../../core/provider';

export interface MemoryCandidate {
  id: string;
  prompt: string;
  answer: string;
  vector: Float32Array;
}

export interface MemoryExample {
  id: string;
  prompt: string;
  answer: string;
  similarity: number;
  tokens: number;
}

export interface MemoryOptions {
  k: number;
  floor: number;
  budgetTokens: number;
  countTokens: (text: string) => number;
}

/**
 * Most similar first. An example that does not fit in what is left of the budget is skipped (a
 * smaller, less similar one may still fit); at most `k` are taken.
 */
export function selectExamples(
  query: Float32Array,
  candidates: readonly MemoryCandidate[],
  options: MemoryOptions,
): MemoryExample[] {
  const scored = candidates
    .filter((c) => c.vector.length === query.length)
    .map((c) => ({ c, similarity: cosine(query, c.vector) }))
    .filter((s) => s.similarity >= options.floor)
    .sort((a, b) => b.similarity - a.similarity);
  const out: MemoryExample[] = [];
  let left = options.budgetTokens;
  for (const { c, similarity } of scored) {
    if (out.length >= options.k) break;
    const tokens = options.countTokens(c.prompt) + options.countTokens(c.answer);
    if (tokens > left) continue;
    left -= tokens;
    out.push({ id: c.id, prompt: c.prompt, answer: c.answer, similarity, tokens });
  }
  return out;
}

/** The conversation with the examples before it (after the system prompt, if any). */
export function withExamples(
  messages: readonly ChatMessage[],
  examples: readonly MemoryExample[],
): ChatMessage[] {
  if (examples.length === 0) return [...messages];
  const shots = examples.flatMap((e): ChatMessage[] => [
    { role: 'user', content: e.prompt },
    { role: 'assistant', content: e.answer },
  ]);
  const head = messages[0]?.role === 'system' ? [messages[0]] : [];
  return [...head, ...shots, ...messages.slice(head.length)];
}

/** The user prompt the model answers now (the last user message). */
export function latestPrompt(messages: readonly ChatMessage[]): string {
  return [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
}
