/**
 * Incremental markdown rendering for streamed model output.
 *
 * Re-rendering the whole answer on every streamed chunk costs O(n) per chunk and O(n²) per
 * answer, and replaces every DOM node each time (selection and scroll anchoring break too).
 * Instead the text is split into top-level markdown blocks (marked's block tokens). Blocks
 * that can no longer change are "committed": parsed and sanitised exactly once, their HTML
 * cached under a stable id. Only the open tail (the last block or two) is lexed and rendered
 * again when a chunk arrives, so the cost of a chunk is bounded by the size of the current
 * block, not the answer.
 *
 * When is a block final? marked lexes left to right and a block token ends where the next
 * line cannot continue it. So block k is final once a later block j has started *and* the
 * line after j's first line is complete as well: j's first line being complete rules out a
 * partial line that would still continue block k (`- a\n\n2` becoming `2.` of the same
 * list), and the extra line covers constructs that need two lines to exist (a GFM table
 * needs its delimiter row; if it never comes marked merges the would-be header back into
 * the paragraph before it). The test suite checks this against whole-text rendering by
 * streaming varied documents split at every offset.
 *
 * Known differences from whole-text rendering, both rare in model output:
 * - Reference-style links (`[x][ref]`) used *before* their `[ref]: url` definition render as
 *   text while streaming; `finish()` re-renders everything once if any definition was seen.
 * - Each block is sanitised on its own, so raw HTML that opens an element in one block and
 *   closes it in another (`<div>\n\ntext\n\n</div>`) is closed early. That is also the safer
 *   reading of such input.
 */
import type { Token, Tokens } from 'marked';
import type { IncrementalOptions, MarkdownBlock, RenderStats, Sanitizer } from './types';
import { codeInfo, firstType, lex, normalizeNewlines, parse, tokensMatch, type Links } from './marked';
import { sanitizeHtml } from './sanitize';

export class IncrementalMarkdown {
  readonly stats: RenderStats = {
    chunks: 0,
    charsLexed: 0,
    charsParsed: 0,
    blocksParsed: 0,
    tailRenders: 0,
    fallbacks: 0,
    fullRenders: 0,
  };

  #text = '';
  /** Everything appended, as given (CRLF not yet normalised): what setText compares against. */
  #raw = '';
  /** Offset in #text up to which everything is committed. */
  #stableEnd = 0;
  #committed: MarkdownBlock[] = [];
  #open: MarkdownBlock | null = null;
  #nextId = 0;
  #links: Links = {};
  #sawDef = false;
  #pendingCR = false;
  #finished: { stableEnd: number; committed: number; nextId: number } | null = null;
  #blocksCache: MarkdownBlock[] | null = null;
  /** The committed blocks as handed out; a new array only when a block is committed. */
  #committedCache: MarkdownBlock[] | null = null;
  readonly #sanitize: Sanitizer;
  readonly #prefix: string;

  constructor(options: IncrementalOptions = {}) {
    this.#sanitize = options.sanitize ?? sanitizeHtml;
    this.#prefix = options.idPrefix ?? 'md';
  }

  get text(): string {
    return this.#text;
  }

  get finished(): boolean {
    return this.#finished !== null;
  }

  /** Committed blocks followed by the open tail block, if any. A new array after each change. */
  get blocks(): readonly MarkdownBlock[] {
    this.#blocksCache ??= this.#open ? [...this.#committed, this.#open] : this.#committed.slice();
    return this.#blocksCache;
  }

  /**
   * The committed blocks: the same array until a block is committed, so a view can leave them
   * alone (not even diff them) while only the open block changes.
   */
  get committedBlocks(): readonly MarkdownBlock[] {
    this.#committedCache ??= this.#committed.slice();
    return this.#committedCache;
  }

  /** The open tail block (still being written), if any. */
  get openBlock(): MarkdownBlock | null {
    return this.#open;
  }

  /** All blocks' HTML joined: equals `renderMarkdown(text)` once finished. */
  get html(): string {
    return this.blocks.map((b) => b.html).join('');
  }

  append(chunk: string): void {
    if (chunk === '') return;
    this.#raw += chunk;
    // marked turns \r\n into \n internally; do it here so token raws line up with #text.
    if (this.#pendingCR && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.#pendingCR = chunk.endsWith('\r');
    chunk = normalizeNewlines(chunk);
    if (chunk === '') return;
    this.#reopen();
    this.#text += chunk;
    this.stats.chunks++;
    this.#update(false);
  }

  /**
   * Replace the text. A text that extends the current one is treated as an append (the usual
   * case when a store hands over the whole message so far); anything else starts over.
   */
  setText(full: string): void {
    // Compare with the raw input (before newline normalisation) so this stays a cheap prefix
    // check instead of normalising the whole text again on every chunk.
    if (full === this.#raw) return;
    if (full.startsWith(this.#raw)) {
      this.append(full.slice(this.#raw.length));
      return;
    }
    this.reset();
    this.append(full);
  }

  /** The stream ended: commit the tail. `append` after `finish` reopens it. */
  finish(): void {
    if (this.#finished) return;
    const snapshot = { stableEnd: this.#stableEnd, committed: this.#committed.length, nextId: this.#nextId };
    this.#update(true);
    if (this.#sawDef) this.#renderAll();
    this.#finished = snapshot;
  }

  reset(): void {
    this.#raw = '';
    this.#text = '';
    this.#stableEnd = 0;
    this.#committed = [];
    this.#committedCache = null;
    this.#open = null;
    this.#nextId = 0;
    this.#links = {};
    this.#sawDef = false;
    this.#pendingCR = false;
    this.#finished = null;
    this.#blocksCache = null;
  }

  #reopen(): void {
    const f = this.#finished;
    if (!f) return;
    // Blocks committed by finish() may be continued by new text; go back to the state before.
    if (this.stats.fullRenders > 0 && this.#sawDef) {
      // finish() re-rendered everything; simplest correct path is to start over.
      const text = this.#text;
      const raw = this.#raw;
      this.reset();
      this.#text = text;
      this.#raw = raw;
      this.#update(false);
      return;
    }
    this.#stableEnd = f.stableEnd;
    if (this.#committed.length !== f.committed) this.#committedCache = null;
    this.#committed.length = f.committed;
    this.#nextId = f.nextId;
    this.#finished = null;
    this.#blocksCache = null;
  }

  #newId(): string {
    return `${this.#prefix}-${this.#nextId++}`;
  }

  #renderBlock(tokens: Token[], raw: number, open: boolean, id: string): MarkdownBlock {
    this.stats.charsParsed += raw;
    const html = this.#sanitize(parse(tokens));
    const code = codeInfo(tokens);
    const block: MarkdownBlock = { id, html, type: firstType(tokens), open, ...(code ? { code } : {}) };
    return block;
  }

  #update(final: boolean): void {
    const tail = this.#text.slice(this.#stableEnd);
    this.stats.charsLexed += tail.length;
    const tokens = lex(tail, this.#links);

    // Index of the first token that stays open.
    let keepFrom = tokens.length;
    if (!final) {
      const lastNL = tail.lastIndexOf('\n');
      const prevNL = lastNL > 0 ? tail.lastIndexOf('\n', lastNL - 1) : -1;
      keepFrom = 0;
      let pos = 0;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        // Block i has started with its first line and the line after it complete.
        if (t.type !== 'space' && pos <= prevNL) keepFrom = i;
        pos += t.raw.length;
      }
    }

    // Commit tokens [0, keepFrom), after checking that their raws really are a prefix of the
    // source (if marked ever rewrote input, offsets would drift: then commit nothing).
    let consumed = 0;
    for (let i = 0; i < keepFrom; i++) consumed += tokens[i]!.raw.length;
    if (keepFrom > 0 && !tokensMatch(tail, tokens, keepFrom)) {
      this.stats.fallbacks++;
      keepFrom = 0;
      consumed = 0;
      if (final) {
        // Cannot split safely: the whole tail becomes one block.
        this.#commitGroup(tokens, tail.length);
        this.#stableEnd += tail.length;
        this.#open = null;
        this.#blocksCache = null;
        return;
      }
    }
    for (let i = 0; i < keepFrom; i++) {
      const t = tokens[i]!;
      if (t.type === 'space') continue;
      if (t.type === 'def') {
        const d = t as Tokens.Def;
        this.#sawDef = true;
        this.#links[d.tag] ??= { href: d.href, title: d.title };
      }
      this.#commitGroup([t], t.raw.length);
    }
    this.#stableEnd += consumed;

    const openTokens = tokens.slice(keepFrom);
    if (openTokens.some((t) => t.type === 'def')) this.#sawDef = true;
    if (openTokens.every((t) => t.type === 'space')) {
      this.#open = null;
    } else {
      this.stats.tailRenders++;
      const raw = tail.length - consumed;
      // The open block borrows the id the next committed block will get, so the DOM node the
      // UI keyed on it stays put when it is committed.
      this.#open = this.#renderBlock(openTokens, raw, true, `${this.#prefix}-${this.#nextId}`);
    }
    this.#blocksCache = null;
  }

  #commitGroup(tokens: Token[], raw: number): void {
    this.stats.blocksParsed++;
    const block = this.#renderBlock(tokens, raw, false, '');
    // Blocks that render to nothing (definitions) get no id and no DOM.
    if (block.html === '') return;
    this.#committed.push({ ...block, id: this.#newId() });
    this.#committedCache = null;
  }

  /** One whole-text pass so reference links resolve everywhere; keeps ids and unchanged blocks. */
  #renderAll(): void {
    this.stats.fullRenders++;
    this.stats.charsLexed += this.#text.length;
    const tokens = lex(this.#text, {});
    const old = this.#committed;
    const next: MarkdownBlock[] = [];
    let n = 0;
    for (const t of tokens) {
      if (t.type === 'space') continue;
      this.stats.charsParsed += t.raw.length;
      const html = this.#sanitize(parse([t]));
      if (html === '') continue;
      const id = `${this.#prefix}-${n++}`;
      const prev = old[next.length];
      if (prev && prev.id === id && prev.html === html) next.push(prev);
      else {
        const code = codeInfo([t]);
        next.push({ id, html, type: t.type, open: false, ...(code ? { code } : {}) });
      }
    }
    this.#committed = next;
    this.#committedCache = null;
    this.#nextId = n;
    this.#open = null;
    this.#blocksCache = null;
  }
}
