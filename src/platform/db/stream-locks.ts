/**
 * One Web Lock per answer being streamed, held by the tab that generates it for as long as it
 * does. At startup an answer still stored as `streaming` is interrupted only if its lock is free:
 * a lock held by another live tab means that tab is still answering it.
 *
 * Without `navigator.locks` (Node, very old browsers) no lock is taken and every lock reads as
 * free: the tab that starts is then assumed to be the only one.
 */

const PREFIX = 'tandem-stream-';

/** The lock name of a streaming message. */
export function streamLockName(messageId: string): string {
  return PREFIX + messageId;
}

function locks(): LockManager | null {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : null;
}

/** Holds the message's lock until the returned function is called (a no-op without Web Locks). */
export function holdStreamLock(messageId: string): () => void {
  const manager = locks();
  if (!manager) return () => undefined;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  void manager.request(streamLockName(messageId), () => held).catch(() => undefined);
  return release;
}

/** The ids of messages whose stream lock some tab holds (or waits for) now. */
export async function heldStreamIds(): Promise<Set<string>> {
  const manager = locks();
  const ids = new Set<string>();
  if (!manager) return ids;
  try {
    const snapshot = await manager.query();
    for (const lock of [...(snapshot.held ?? []), ...(snapshot.pending ?? [])]) {
      if (lock.name?.startsWith(PREFIX)) ids.add(lock.name.slice(PREFIX.length));
    }
  } catch {
    // A browser that refuses the query: nothing is known to be held.
  }
  return ids;
}
