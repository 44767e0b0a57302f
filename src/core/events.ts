/**
 * A small typed event bus (after immich's event manager): a feature announces what happened, and
 * the composition root subscribes the features that react to it, so no feature holds a reference
 * to another one it does not otherwise need.
 */
export type EventMap = Record<string, unknown[]>;
type Handler<Args extends unknown[]> = (...args: Args) => void | Promise<void>;
// One map holds every event's handlers; `on` and `emit` keep each name with its own arguments.
type AnyHandler = (...args: never[]) => void | Promise<void>;

export class EventBus<Events extends EventMap> {
  private readonly handlers = new Map<keyof Events, Set<AnyHandler>>();

  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof Events>(name: K, handler: Handler<Events[K]>): () => void {
    let set = this.handlers.get(name);
    if (!set) this.handlers.set(name, (set = new Set()));
    set.add(handler as unknown as AnyHandler);
    return () => set.delete(handler as unknown as AnyHandler);
  }

  /**
   * Runs every handler (in subscription order, concurrently awaited) and resolves when all have
   * finished. One failing handler does not stop the others; the first failure is then thrown.
   */
  async emit<K extends keyof Events>(name: K, ...args: Events[K]): Promise<void> {
    const handlers = [...(this.handlers.get(name) ?? [])] as unknown as Handler<Events[K]>[];
    const results = await Promise.allSettled(handlers.map(async (h) => h(...args)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** How many handlers listen to `name` (for tests and diagnostics). */
  listeners(name: keyof Events): number {
    return this.handlers.get(name)?.size ?? 0;
  }
}
