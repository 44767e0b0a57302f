/**
 * The route an answer shows: the attempt that answered, not only the router's first choice. After
 * a fallback (a `fallback` notice naming the model that took over) the answer came from the other
 * side, and every place that shows a route (the chat badge, Metrics' latest answers) says so.
 */
import type { ProviderKind } from '../provider';
import type { Target } from '../route';
import type { StoredMessage } from '../stored';

export interface ShownRoute {
  /** "Claude: code generation", or "local tiny-chat: fallback (Claude failed)". */
  label: string;
  /** Where the answer really came from. */
  target: Target;
  /** The router's first choice when a fallback answered instead (null: it answered itself). */
  firstChoice: string | null;
}

const targetOf = (kind: ProviderKind): Target =>
  kind === 'claude' ? 'claude' : kind === 'server' ? 'server' : 'local';

const failedSide: Record<Target, string> = {
  claude: 'Claude',
  server: 'your server',
  local: 'the local model',
};

export function shownRoute(message: Pick<StoredMessage, 'route' | 'notices'>): ShownRoute | null {
  const route = message.route;
  if (!route) return null;
  const fallback = message.notices?.findLast((n) => n.kind === 'fallback' && n.model);
  if (!fallback?.model) return { label: route.label, target: route.target, firstChoice: null };
  const target = targetOf(fallback.model.kind);
  const to =
    target === 'claude'
      ? 'Claude'
      : target === 'server'
        ? fallback.model.label
        : `local ${fallback.model.label}`;
  return {
    label: `${to}: fallback (${failedSide[route.target]} failed)`,
    target,
    firstChoice: route.label,
  };
}
