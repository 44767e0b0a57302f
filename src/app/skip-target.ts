/**
 * Where the skip link goes: the message box on Chat, the page's `<main>` elsewhere. Pages load
 * on demand, so right after a start the target may not exist yet: wait for it (bounded).
 */
import type { Route } from './routes';

function find(route: Route): HTMLElement | null {
  if (route === 'chat') {
    const box = document.querySelector<HTMLElement>('#composer-input');
    if (box) return box;
  }
  // Not the "Opening your conversations…" placeholder, which is replaced once data is open.
  return route === 'chat' ? null : document.querySelector<HTMLElement>('main:not([aria-busy="true"])');
}

export function skipTarget(route: Route, timeoutMs = 10_000): Promise<HTMLElement | null> {
  const now = find(route);
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = (el: HTMLElement | null): void => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(el);
    };
    const observer = new MutationObserver(() => {
      const el = find(route);
      if (el) done(el);
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const timer = setTimeout(() => done(document.querySelector<HTMLElement>('main')), timeoutMs);
  });
}
