/**
 * Svelte action: brings a card's status (progress, an error, a result) into view when it appears
 * and whenever `key` changes, so what a button started is never shown off-screen.
 */
export function reveal(node: HTMLElement, _key: unknown): { update: (key: unknown) => void } {
  const show = (): void => node.scrollIntoView({ block: 'nearest' });
  show();
  return { update: show };
}
