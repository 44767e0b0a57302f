/** What the incremental markdown renderer (`incremental.ts`) hands out and accepts. */

export type Sanitizer = (html: string) => string;

export interface MarkdownBlock {
  /** Stable for the life of the block: a committed block keeps the id it had while open. */
  readonly id: string;
  /** Sanitised HTML. */
  readonly html: string;
  /** marked token type of the block's first token (`paragraph`, `code`, `list`, ...). */
  readonly type: string;
  /** Present when the block is exactly one code block: lets the UI offer "copy". */
  readonly code?: { readonly text: string; readonly lang: string };
  /** True for the tail block that may still change. */
  readonly open: boolean;
}

export interface RenderStats {
  /** `append` calls that changed the text. */
  chunks: number;
  /** Characters given to the block lexer, summed over all calls. */
  charsLexed: number;
  /** Characters of block source turned into HTML (committed blocks + open tail renders). */
  charsParsed: number;
  /** Blocks committed, i.e. parsed and sanitised once for good. */
  blocksParsed: number;
  /** Renders of the open tail. */
  tailRenders: number;
  /** Times the token raws did not add up to the source, so nothing was committed (should stay 0). */
  fallbacks: number;
  /** Whole-text re-renders (only `finish()` after reference-link definitions). */
  fullRenders: number;
}

export interface IncrementalOptions {
  /** Defaults to the app-wide DOMPurify policy. Tests in Node pass an identity function. */
  sanitize?: Sanitizer;
  /** Prefix for block ids, e.g. a message id, so ids are unique on a page. */
  idPrefix?: string;
}
