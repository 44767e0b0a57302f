/**
 * Chains for messages written before conversations were trees (database version 8). The
 * migration does the same walk inside IndexedDB (lib/db/schema.ts); this pure one serves backup
 * files made before version 8 and the tree's tests.
 */

interface Linkable {
  id: string;
  createdAt: number;
  parentId?: string | null;
}

/**
 * Gives messages with no `parentId` property a place in a chain: each one's parent is the
 * message before it in time (ties by id, as the database index orders them). A message that
 * already names a parent keeps it. The result is in time order.
 */
export function chainLinear<T extends Linkable>(messages: readonly T[]): (T & { parentId: string | null })[] {
  const sorted = [...messages].sort(
    (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  let previous: string | null = null;
  return sorted.map((m) => {
    const parentId = m.parentId === undefined ? previous : m.parentId;
    previous = m.id;
    return { ...m, parentId };
  });
}
