/**
 * The markdown renderer (marked + DOMPurify, ~40 KB gzip) loads on demand: the first visit, with
 * no answers yet, never needs it. `loadMarkdown()` may be called early to warm it up.
 */
import type { Component } from 'svelte';

export type MarkdownProps = { text: string; streaming?: boolean; idPrefix?: string };
type MarkdownComponent = Component<MarkdownProps>;

let loaded: MarkdownComponent | null = null;
let loading: Promise<MarkdownComponent> | null = null;

export function loadedMarkdown(): MarkdownComponent | null {
  return loaded;
}

export function loadMarkdown(): Promise<MarkdownComponent> {
  loading ??= import('./Markdown.svelte').then(
    (m) => (loaded = m.default),
    (error: unknown) => {
      loading = null; // offline before the chunk was cached: try again next time
      throw error;
    },
  );
  return loading;
}
