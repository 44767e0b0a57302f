/** Hash routes for the app's places. */
export type Route = 'chat' | 'models' | 'evaluate' | 'feedback' | 'metrics' | 'settings';

export const ROUTES: { id: Route; label: string }[] = [
  { id: 'chat', label: 'Chat' },
  { id: 'models', label: 'Models' },
  { id: 'evaluate', label: 'Evaluate' },
  { id: 'feedback', label: 'Feedback' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'settings', label: 'Settings' },
];

export function routeFromHash(hash: string): Route {
  const id = hash.replace(/^#\/?/, '');
  return ROUTES.some((r) => r.id === id) ? (id as Route) : 'chat';
}
