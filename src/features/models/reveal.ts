/**
 * Svelte action: keeps a card's status (progress, an error, a result) in view for the person who
 * pressed the card's button. When it appears it scrolls into view only if focus is on that card
 * (opening the page never jumps to a loaded model); whenever `key` changes (loading → error or
 * ready) it scrolls into view, so what a button started is never shown off-screen.
 */
export function reveal(node: HTMLElement, _key: unknown): { update: (key: unknown) => void } {
  const show = (): void => node.scrollIntoView({ block: 'nearest' });
  const card = node.closest('[data-model]');
  if (card && document.activeElement && card.contains(document.activeElement)) show();
  return { update: show };
}
