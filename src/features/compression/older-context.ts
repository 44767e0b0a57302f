/**
 * Model-based (LLMLingua-2) compression of the OLDER context before a paid call.
 *
 * What is never touched: system messages, the latest user message and everything after it,
 * fenced code blocks (``` or ~~~) and inline `code` inside older messages, and short pieces
 * (too short to be worth a model call). Tool calls and results are not part of the chat history
 * (they are added by the Claude client's own tool loop after compression), so they are never
 * compressed either. Only the prose between those is sent to the compressor, in one batch.
 */
import type { ChatMessage } from '../../core/provider';
import { estimateMessagesTokens } from '../../core/tokens';

export interface TextCompressor {
  /** One compressed text per input; `rate` is the share of tokens to keep. */
  compress(texts: string[], rate: number): Promise<string[]>;
}

export interface OlderContextResult {
  messages: ChatMessage[];
  tokensBefore: number;
  tokensAfter: number;
  /** The compressed older messages as sent, for the user to read. */
  compressedText: string;
}

interface Piece {
  text: string;
  keep: boolean;
}

/** Pieces shorter than this (characters) are kept as they are. */
export const MIN_COMPRESSIBLE_CHARS = 40;

const PROTECTED = /(^|\n)(```|~~~)[^\n]*\n[\s\S]*?\n\2[^\n]*(?=\n|$)|`[^`\n]+`/g;

/** Splits text into prose (compressible) and code (kept verbatim), in order. */
export function splitProtected(text: string): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const match of text.matchAll(PROTECTED)) {
    const start = match.index + (match[1]?.length ?? 0);
    if (start > at) pieces.push({ text: text.slice(at, start), keep: false });
    const end = match.index + match[0].length;
    pieces.push({ text: text.slice(start, end), keep: true });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), keep: false });
  return pieces.map((p) =>
    p.keep || p.text.trim().length >= MIN_COMPRESSIBLE_CHARS ? p : { ...p, keep: true },
  );
}

export async function compressOlderContext(
  messages: readonly ChatMessage[],
  compressor: TextCompressor,
  rate: number,
): Promise<OlderContextResult> {
  const tokensBefore = estimateMessagesTokens(messages);
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === 'user') {
      lastUser = i;
      break;
    }
  }
  const plans = messages.map((m, i) =>
    i < lastUser && m.role !== 'system' ? splitProtected(m.content) : [{ text: m.content, keep: true }],
  );
  const inputs: string[] = [];
  for (const pieces of plans) for (const p of pieces) if (!p.keep) inputs.push(p.text);
  if (inputs.length === 0) {
    return { messages: [...messages], tokensBefore, tokensAfter: tokensBefore, compressedText: '' };
  }
  const outputs = await compressor.compress(inputs, rate);
  if (outputs.length !== inputs.length)
    throw new Error('The compressor returned a different number of texts.');
  let next = 0;
  const out: ChatMessage[] = messages.map((m, i) => {
    const pieces = plans[i]!;
    if (pieces.every((p) => p.keep)) return { ...m };
    const content = pieces
      .map((p) => {
        if (p.keep) return p.text;
        const lead = /^\s*/.exec(p.text)![0];
        const tail = /\s*$/.exec(p.text)![0];
        return `${lead}${outputs[next++]!.trim()}${tail}`;
      })
      .join('');
    return { ...m, content };
  });
  const compressedText = out
    .slice(0, Math.max(0, lastUser))
    .filter((m) => m.role !== 'system')
    .map((m) => `${m.role}: ${m.content}`)
    .join('\n\n');
  return { messages: out, tokensBefore, tokensAfter: estimateMessagesTokens(out), compressedText };
}
