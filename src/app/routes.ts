/**
 * The app's places: hash route, navigation label and the page component, loaded on demand
 * with a dynamic `import()` so a first visit downloads only the page it opens. Adding a page is
 * one entry here.
 */
import type { Component } from 'svelte';
import type { Services } from './services';

/** A page takes the services it uses (a subset of the app's, typed by the page itself). */
export type PageModule = { default: Component<{ services: Services }> };

export const ROUTES = [
  { id: 'chat', label: 'Chat', load: () => import('../features/chat/ChatPage.svelte') },
  { id: 'models', label: 'Models', load: () => import('../features/models/ModelsPage.svelte') },
  { id: 'evaluate', label: 'Evaluate', load: () => import('../features/eval/EvaluatePage.svelte') },
  { id: 'feedback', label: 'Feedback', load: () => import('../features/feedback/FeedbackPage.svelte') },
  { id: 'metrics', label: 'Metrics', load: () => import('../features/metrics/MetricsPage.svelte') },
  { id: 'settings', label: 'Settings', load: () => import('../features/settings/SettingsPage.svelte') },
] as const satisfies readonly { id: string; label: string; load: () => Promise<PageModule> }[];

/** Hash routes for the app's places. */
export type Route = (typeof ROUTES)[number]['id'];

export function routeFromHash(hash: string): Route {
  const id = hash.replace(/^#\/?/, '');
  return ROUTES.find((r) => r.id === id)?.id ?? 'chat';
}

const loading = new Map<Route, Promise<PageModule>>();

/** The page's module, fetched once; calling it early (before services are ready) preloads it. */
export function loadPage(route: Route): Promise<PageModule> {
  let page = loading.get(route);
  if (!page) {
    const entry = ROUTES.find((r) => r.id === route) ?? ROUTES[0];
    page = entry.load() as Promise<PageModule>;
    // A failed fetch (offline before the chunk was cached) may be retried on the next visit.
    page.catch(() => loading.delete(route));
    loading.set(route, page);
  }
  return page;
}
