/**
 * Search inside messages: a message matches when every word of the query appears in its text
 * (case-insensitive). Pure, so the worker and the tests run the same rule.
 */
export interface MessageHit {
  conversationId: string;
  messageId: string;
  role: 'user' | 'assistant';
  /** The text around the first word, at most ~200 characters. */
  snippet: string;
  createdAt: number;
}

export function queryWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
}

export function snippetAround(text: string, word: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const at = Math.max(0, flat.toLowerCase().indexOf(word));
  const start = Math.max(0, at - 60);
  return `${start > 0 ? '…' : ''}${flat.slice(start, start + 200)}${start + 200 < flat.length ? '…' : ''}`;
}

/** One stored record → a hit, or null (not a message with text, or not every word in it). */
export function matchMessage(record: unknown, words: readonly string[]): MessageHit | null {
  if (words.length === 0 || typeof record !== 'object' || record === null) return null;
  const r = record as Record<string, unknown>;
  const { id, conversationId, role, content, createdAt } = r;
  if (typeof id !== 'string' || typeof conversationId !== 'string' || typeof content !== 'string')
    return null;
  if (role !== 'user' && role !== 'assistant') return null;
  const lower = content.toLowerCase();
  if (!words.every((w) => lower.includes(w))) return null;
  return {
    conversationId,
    messageId: id,
    role,
    snippet: snippetAround(content, words[0]!),
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
  };
}

/** Keeps the newest `limit` hits (newest first) as records stream by. */
export class NewestHits {
  readonly hits: MessageHit[] = [];
  constructor(private readonly limit: number) {}
  add(hit: MessageHit): void {
    this.hits.push(hit);
    this.hits.sort((a, b) => b.createdAt - a.createdAt);
    if (this.hits.length > this.limit) this.hits.length = this.limit;
  }
}
