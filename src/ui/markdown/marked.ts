/**
 * The one marked instance for model output, and the small token helpers the incremental
 * renderer (`incremental.ts`) uses. GFM on; images rendered as links; sanitising is the caller's.
 */
import { Marked, type Token, type Tokens } from 'marked';
import type { MarkdownBlock, Sanitizer } from './types';
import { escapeHtml, isSafeHref, sanitizeHtml } from './sanitize';

export type Links = Record<string, { href: string | null; title: string | null }>;

/**
 * One marked instance for all model output. GFM on (tables, task lists, strikethrough),
 * no raw-HTML trust (the sanitiser handles that), and images rendered as links: an `<img>`
 * would fetch a remote URL without a click, which can leak data (see sanitize.ts).
 */
const md = new Marked({ gfm: true, breaks: false, async: false });
md.use({
  renderer: {
    image({ href, title, text }: Tokens.Image): string {
      const label = `[image: ${escapeHtml(text || 'untitled')}]`;
      if (!isSafeHref(href)) return label;
      const t = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(href)}"${t}>${label}</a>`;
    },
  },
});

export function lex(src: string, links: Links): Token[] {
  const lexer = new md.Lexer(md.defaults);
  // Definitions from already-committed blocks still apply to later blocks.
  Object.assign(lexer.tokens.links, links);
  return lexer.lex(src);
}

export function parse(tokens: Token[]): string {
  return md.parser(tokens);
}

/** Unsanitised HTML for a whole text: the reference the incremental renderer must match. */
export function markdownToHtml(text: string): string {
  return md.parse(normalizeNewlines(text), { async: false });
}

/** Render a complete text at once (the non-streaming path, and the naive benchmark reference). */
export function renderMarkdown(text: string, sanitize: Sanitizer = sanitizeHtml): string {
  return sanitize(markdownToHtml(text));
}

export function normalizeNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

export function codeInfo(tokens: Token[]): MarkdownBlock['code'] {
  const real = tokens.filter((t) => t.type !== 'space');
  const only = real[0];
  if (real.length !== 1 || only === undefined || only.type !== 'code') return undefined;
  const c = only as Tokens.Code;
  return { text: c.text, lang: (c.lang ?? '').split(/\s/)[0] ?? '' };
}

export function firstType(tokens: Token[]): string {
  return tokens.find((t) => t.type !== 'space')?.type ?? 'space';
}

/** Whether the first `count` tokens are exactly the start of `src` (nothing re-lexed differently). */
export function tokensMatch(src: string, tokens: Token[], count: number): boolean {
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const raw = tokens[i]!.raw;
    if (!src.startsWith(raw, pos)) return false;
    pos += raw.length;
  }
  return true;
}
