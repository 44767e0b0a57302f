/**
 * Changes to a conversation tree (pure): each returns the new messages and selection and leaves
 * its inputs untouched, so the caller stores exactly what changed.
 */
import {
  childrenByParent,
  parentKey,
  selectChild,
  ROOT,
  type BranchSelection,
  type TreeMessage,
} from './tree';

export interface TreeState<T extends TreeMessage> {
  messages: T[];
  selection: BranchSelection;
}

/** Adds `child` (its `parentId` says where) and shows it. */
export function addChild<T extends TreeMessage>(
  messages: readonly T[],
  selection: BranchSelection,
  child: T & { parentId: string | null },
): TreeState<T> {
  if (child.parentId !== null && !messages.some((m) => m.id === child.parentId)) {
    throw new Error(`Parent ${child.parentId} is not in this conversation.`);
  }
  return { messages: [...messages, child], selection: selectChild(selection, parentKey(child), child.id) };
}

/**
 * Adds an alternative to `of` under the same parent and shows it: an edited user message (the
 * edited text, answered afresh) or a regenerated answer. The old branch stays, one click away.
 * `make` receives the parent id and builds the new message.
 */
export function addSibling<T extends TreeMessage>(
  messages: readonly T[],
  selection: BranchSelection,
  of: string,
  make: (parentId: string | null) => T & { parentId: string | null },
): TreeState<T> {
  const original = messages.find((m) => m.id === of);
  if (!original) throw new Error(`Message ${of} is not in this conversation.`);
  return addChild(messages, selection, make(original.parentId ?? null));
}

/** `id` and everything below it. */
export function subtreeIds(messages: readonly TreeMessage[], id: string): string[] {
  const children = childrenByParent(messages);
  const out: string[] = [];
  const stack = [id];
  const seen = new Set<string>();
  while (stack.length) {
    const current = stack.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    if (!messages.some((m) => m.id === current)) continue;
    out.push(current);
    for (const child of children.get(current) ?? []) stack.push(child.id);
  }
  return out;
}

/**
 * Deletes the branch that starts at `id` (the message and all below it). The parent then shows
 * the sibling before it (or after it, for the first); entries of removed parents are dropped.
 */
export function deleteBranch<T extends TreeMessage>(
  messages: readonly T[],
  selection: BranchSelection,
  id: string,
): TreeState<T> & { removed: string[] } {
  const target = messages.find((m) => m.id === id);
  if (!target) return { messages: [...messages], selection, removed: [] };
  const removed = subtreeIds(messages, id);
  const gone = new Set(removed);
  const key = parentKey(target);
  const siblings = (childrenByParent(messages).get(key) ?? []).map((m) => m.id);
  const at = siblings.indexOf(id);
  const neighbour = siblings[at - 1] ?? siblings[at + 1];
  const next: Record<string, string> = {};
  for (const [k, v] of Object.entries(selection)) {
    if (k !== ROOT && gone.has(k)) continue;
    if (gone.has(v)) continue;
    next[k] = v;
  }
  const chosen = selection[key];
  const shown = chosen !== undefined && siblings.includes(chosen) ? chosen : siblings.at(-1);
  if (shown === id && neighbour !== undefined) next[key] = neighbour;
  return { messages: messages.filter((m) => !gone.has(m.id)), selection: next, removed };
}
