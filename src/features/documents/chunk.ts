/**
 * Splits a document's text into chunks of at most `maxTokens` tokens, each overlapping the one
 * before by about `overlapTokens`, so a sentence cut at a boundary is whole in one of the two.
 * A chunk ends at a sentence or line end when one falls in its last 40%, else between words; a
 * single word longer than a chunk (a URL, base64) is cut by characters. Pure and DOM-free (it
 * runs in the documents worker); tokens are counted with the counter given (the app's estimate
 * by default, src/core/tokens.ts).
 */
import { estimateTokens, type TokenCounter } from '../../core/tokens';

export interface TextChunk {
  index: number;
  text: string;
  tokens: number;
  /** Character offsets of the chunk in the document's text. */
  start: number;
  end: number;
}

export interface ChunkOptions {
  maxTokens?: number;
  overlapTokens?: number;
  count?: TokenCounter;
}

/** Sentence-encoder-sized defaults: all-MiniLM-L6-v2 reads 256 word pieces. */
export const CHUNK_TOKENS = 200;
export const CHUNK_OVERLAP = 40;

interface Piece {
  start: number;
  /** End without trailing white space. */
  end: number;
  tokens: number;
  /** Ends a sentence or a line: a good place to cut. */
  boundary: boolean;
}

function pieces(text: string, maxTokens: number, count: TokenCounter): Piece[] {
  const out: Piece[] = [];
  for (const match of text.matchAll(/\S+(\s*)/g)) {
    const start = match.index;
    const word = match[0].trimEnd();
    const space = match[1] ?? '';
    const tokens = Math.max(1, count(word));
    if (tokens <= maxTokens) {
      out.push({
        start,
        end: start + word.length,
        tokens,
        boundary: /[.!?:;]["')\]]*$/.test(word) || space.includes('\n'),
      });
      continue;
    }
    // A word longer than a chunk: cut it into slices of about maxTokens tokens each.
    const step = Math.max(1, Math.floor((word.length * maxTokens) / tokens));
    for (let at = 0; at < word.length; at += step) {
      const slice = word.slice(at, at + step);
      out.push({
        start: start + at,
        end: start + at + slice.length,
        tokens: Math.min(maxTokens, Math.max(1, count(slice))),
        boundary: false,
      });
    }
  }
  return out;
}

export function chunkText(text: string, options: ChunkOptions = {}): TextChunk[] {
  const maxTokens = Math.max(1, options.maxTokens ?? CHUNK_TOKENS);
  const overlap = Math.min(Math.max(0, options.overlapTokens ?? CHUNK_OVERLAP), Math.floor(maxTokens / 2));
  const count = options.count ?? estimateTokens;
  const list = pieces(text, maxTokens, count);
  const chunks: TextChunk[] = [];
  let i = 0;
  while (i < list.length) {
    // Take pieces while they fit.
    let j = i;
    let tokens = 0;
    while (j < list.length && tokens + list[j]!.tokens <= maxTokens) tokens += list[j++]!.tokens;
    // Prefer to end at a sentence or line end in the chunk's last 40%.
    if (j < list.length) {
      const floor = i + Math.ceil((j - i) * 0.6);
      for (let k = j - 1; k >= floor; k--) {
        if (list[k]!.boundary) {
          for (let drop = k + 1; drop < j; drop++) tokens -= list[drop]!.tokens;
          j = k + 1;
          break;
        }
      }
    }
    const start = list[i]!.start;
    const end = list[j - 1]!.end;
    chunks.push({ index: chunks.length, text: text.slice(start, end), tokens, start, end });
    if (j >= list.length) break;
    // Step back over about `overlap` tokens for the next chunk, always moving forward.
    let next = j;
    let back = 0;
    while (next - 1 > i && back + list[next - 1]!.tokens <= overlap) back += list[--next]!.tokens;
    i = next;
  }
  return chunks;
}
