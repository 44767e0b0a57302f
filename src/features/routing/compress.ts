/**
 * Optional context compression before a paid (Claude) call.
 *
 * Keeps the system prompt(s) and the latest user question whole, then fills the remaining
 * token budget with the most relevant earlier content: long messages are split into chunks
 * (paragraphs/sentences), every chunk is scored against the latest question (embedding cosine
 * when an embedder is given, else a lexical overlap score) with a small recency bonus, and the
 * best chunks are kept in their original order. Chunks below `minRelevance` are dropped even
 * when the budget has room. Messages with no kept chunk are dropped; a message with some chunks
 * dropped shows " … " where text was removed. A short follow-up ("why?", "and the second
 * one?") is scored together with the message before it, so its context survives.
 */
import type { ChatMessage } from '../../core/provider';
import type { Embedder } from '../../core/embedder';
import { cosine } from '../../core/vectors';
import { estimateMessagesTokens, estimateTokens, MESSAGE_OVERHEAD_TOKENS } from '../../core/tokens';

export interface CompressOptions {
  /** Token budget for the whole request (estimate, see tokens.ts). */
  budgetTokens: number;
  embedder?: Embedder | null;
  /** Chunks longer messages at about this many tokens. Default 120. */
  chunkTokens?: number;
  /** Weight of recency in [0,1] added to relevance. Default 0.15. */
  recencyWeight?: number;
  /**
   * Chunks less relevant than this (cosine or lexical overlap, before the recency bonus) are
   * dropped even when the budget has room: they would only cost money. Default 0.05.
   */
  minRelevance?: number;
}

export interface CompressResult {
  messages: ChatMessage[];
  tokensBefore: number;
  tokensAfter: number;
  method: 'none' | 'embedding' | 'lexical';
  /** Earlier messages removed entirely. */
  droppedMessages: number;
  /** true when even system + latest question exceed the budget. */
  overBudget: boolean;
}

interface Chunk {
  message: number;
  index: number;
  text: string;
  tokens: number;
  score: number;
}

const STOPWORDS = new Set(
  'a an and are as at be but by can could did do does for from had has have how i if in is it its me my of on or our so that the their them then there these they this to was we were what when where which who why will with would you your'.split(
    ' ',
  ),
);

function terms(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((t) => t.length > 1 && !STOPWORDS.has(t))
    .map((t) => (t.length > 4 ? t.replace(/(ing|ed|es|s)$/, '') : t));
}

/** Fraction of the question's distinct terms found in the text (0..1). */
export function lexicalRelevance(question: string, text: string): number {
  const q = new Set(terms(question));
  if (q.size === 0) return 0;
  const t = new Set(terms(text));
  let hit = 0;
  for (const term of q) if (t.has(term)) hit++;
  return hit / q.size;
}

/** Splits text into chunks of about `maxTokens`, on paragraph, then sentence boundaries. */
export function chunkText(text: string, maxTokens: number): string[] {
  if (estimateTokens(text) <= maxTokens) return [text];
  // Paragraphs are never merged; a long paragraph is packed sentence by sentence.
  const chunks: string[] = [];
  for (const paragraph of text.split(/\n{2,}/)) {
    if (estimateTokens(paragraph) <= maxTokens) {
      if (paragraph.trim()) chunks.push(paragraph.trim());
      continue;
    }
    let current = '';
    for (const sentence of paragraph.match(/[^.!?\n]+[.!?]*\s*|\n/g) ?? [paragraph]) {
      if (current && estimateTokens(current + sentence) > maxTokens) {
        chunks.push(current.trim());
        current = '';
      }
      current += sentence;
    }
    if (current.trim()) chunks.push(current.trim());
  }
  return chunks.filter(Boolean);
}

export async function compressContext(
  messages: readonly ChatMessage[],
  options: CompressOptions,
): Promise<CompressResult> {
  const tokensBefore = estimateMessagesTokens(messages);
  const unchanged = (method: CompressResult['method'] = 'none'): CompressResult => ({
    messages: messages.map((m) => ({ ...m })),
    tokensBefore,
    tokensAfter: tokensBefore,
    method,
    droppedMessages: 0,
    overBudget: tokensBefore > options.budgetTokens,
  });
  if (tokensBefore <= options.budgetTokens) return unchanged();

  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === 'user') {
      lastUser = i;
      break;
    }
  }
  if (lastUser === -1) return unchanged();
  const latest = messages[lastUser]!.content;
  const before = messages
    .slice(0, lastUser)
    .reverse()
    .find((m) => m.role !== 'system');
  // A follow-up with few content words is about the previous message: score against both.
  const question = terms(latest).length < 3 && before ? `${latest}\n${before.content}` : latest;

  const fixed = new Set<number>([lastUser]);
  messages.forEach((m, i) => {
    if (m.role === 'system') fixed.add(i);
  });
  const fixedTokens = estimateMessagesTokens([...fixed].map((i) => messages[i]!));
  let remaining = options.budgetTokens - fixedTokens;

  const chunkTokens = options.chunkTokens ?? 120;
  const chunks: Chunk[] = [];
  messages.forEach((m, i) => {
    if (fixed.has(i)) return;
    chunkText(m.content, chunkTokens).forEach((text, index) => {
      chunks.push({ message: i, index, text, tokens: estimateTokens(text), score: 0 });
    });
  });

  let method: CompressResult['method'] = 'lexical';
  if (options.embedder && chunks.length > 0) {
    try {
      const vectors = await options.embedder.embed([question, ...chunks.map((c) => c.text)]);
      const q = vectors[0]!;
      chunks.forEach((c, k) => {
        c.score = cosine(q, vectors[k + 1]!);
      });
      method = 'embedding';
    } catch {
      method = 'lexical'; // the embedder failed: fall back rather than fail the request
    }
  }
  if (method === 'lexical') for (const c of chunks) c.score = lexicalRelevance(question, c.text);
  const minRelevance = options.minRelevance ?? 0.05;
  const recency = options.recencyWeight ?? 0.15;
  for (const c of chunks) {
    c.score =
      c.score < minRelevance
        ? -1
        : c.score + recency * (messages.length > 1 ? c.message / (messages.length - 1) : 0);
  }

  const kept = new Set<Chunk>();
  const messagesWithKept = new Set<number>();
  for (const chunk of [...chunks].sort((a, b) => b.score - a.score)) {
    if (chunk.score < 0) break;
    const cost = chunk.tokens + (messagesWithKept.has(chunk.message) ? 1 : MESSAGE_OVERHEAD_TOKENS);
    if (cost > remaining) continue;
    kept.add(chunk);
    messagesWithKept.add(chunk.message);
    remaining -= cost;
  }

  const out: ChatMessage[] = [];
  let dropped = 0;
  messages.forEach((m, i) => {
    if (fixed.has(i)) {
      out.push({ ...m });
      return;
    }
    const mine = chunks.filter((c) => c.message === i);
    const keptHere = mine.filter((c) => kept.has(c));
    if (keptHere.length === 0) {
      dropped++;
      return;
    }
    if (keptHere.length === mine.length) {
      out.push({ ...m });
      return;
    }
    let text = '';
    let last = -1;
    for (const c of keptHere) {
      text += (text ? ' ' : '') + (c.index !== last + 1 ? '… ' : '') + c.text;
      last = c.index;
    }
    if (last !== mine.length - 1) text += ' …';
    out.push({ role: m.role, content: text });
  });

  const tokensAfter = estimateMessagesTokens(out);
  return {
    messages: out,
    tokensBefore,
    tokensAfter,
    method,
    droppedMessages: dropped,
    overBudget: tokensAfter > options.budgetTokens,
  };
}
