/**
 * Conversations as trees (pure). Every message names its parent (`parentId`; null for the first
 * message of a conversation). Editing a user message or regenerating an answer adds a sibling,
 * so nothing the user saw is ever thrown away.
 *
 * Which branch is on screen is a per-conversation selection: for each parent (ROOT for the top
 * level) the id of the child shown. A parent with no selection shows its newest child, so a new
 * branch is visible the moment it is made and a conversation written before branches existed
 * (a chain) reads exactly as it did.
 */

/** What the tree needs of a message. `parentId` absent means "written before trees" (see chain.ts). */
export interface TreeMessage {
  id: string;
  parentId?: string | null;
  createdAt: number;
}

/** The selection key of the top level (messages whose parent is null). */
export const ROOT = '';

/** Parent key (ROOT for the top level) -> the id of the child shown. */
export type BranchSelection = Readonly<Record<string, string>>;

export function parentKey(message: TreeMessage): string {
  return message.parentId ?? ROOT;
}

function byTime(a: TreeMessage, b: TreeMessage): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Children of every parent, oldest first (the order "k / n" counts in). */
export function childrenByParent<T extends TreeMessage>(messages: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const m of messages) {
    const key = parentKey(m);
    const list = out.get(key);
    if (list) list.push(m);
    else out.set(key, [m]);
  }
  for (const list of out.values()) list.sort(byTime);
  return out;
}

/**
 * The messages on screen, first to last: from the top level down, at each step the selected
 * child (or the newest when none is selected or the selected one is gone). A cycle in damaged
 * data ends the path instead of looping.
 */
export function visiblePath<T extends TreeMessage>(messages: readonly T[], selection: BranchSelection): T[] {
  const children = childrenByParent(messages);
  const path: T[] = [];
  const seen = new Set<string>();
  let key = ROOT;
  for (;;) {
    const options = children.get(key);
    if (!options?.length) break;
    const wanted = selection[key];
    const next = options.find((m) => m.id === wanted) ?? options[options.length - 1]!;
    if (seen.has(next.id)) break;
    seen.add(next.id);
    path.push(next);
    key = next.id;
  }
  return path;
}

export interface SiblingInfo {
  /** 0-based position among its siblings, oldest first. */
  index: number;
  count: number;
  ids: string[];
}

/** Where a message stands among its siblings; null for an unknown id. */
export function siblingInfo(messages: readonly TreeMessage[], id: string): SiblingInfo | null {
  const message = messages.find((m) => m.id === id);
  if (!message) return null;
  const key = parentKey(message);
  const ids = messages
    .filter((m) => parentKey(m) === key)
    .sort(byTime)
    .map((m) => m.id);
  return { index: ids.indexOf(id), count: ids.length, ids };
}

/** "2 / 3": the label beside the Previous/Next branch buttons. */
export function siblingLabel(info: SiblingInfo): string {
  return `${info.index + 1} / ${info.count}`;
}

/** The selection with `childId` shown under `key`. */
export function selectChild(selection: BranchSelection, key: string, childId: string): BranchSelection {
  return { ...selection, [key]: childId };
}

/**
 * Shows the sibling `delta` places from `id` (-1: previous branch, +1: next). At either end the
 * selection is unchanged (the buttons are disabled there), so no branch is skipped by wrapping.
 */
export function switchBranch(
  messages: readonly TreeMessage[],
  selection: BranchSelection,
  id: string,
  delta: number,
): BranchSelection {
  const info = siblingInfo(messages, id);
  if (!info) return selection;
  const target = info.ids[info.index + delta];
  if (target === undefined) return selection;
  const message = messages.find((m) => m.id === id)!;
  return selectChild(selection, parentKey(message), target);
}

/** The selection that shows `id` and every ancestor of it (the path through it is on screen). */
export function selectThrough(
  messages: readonly TreeMessage[],
  selection: BranchSelection,
  id: string,
): BranchSelection {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const next: Record<string, string> = { ...selection };
  const seen = new Set<string>();
  let current = byId.get(id);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    next[parentKey(current)] = current.id;
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return next;
}

/** The last message on screen (the one a new message is added under), or null when empty. */
export function visibleLeaf<T extends TreeMessage>(
  messages: readonly T[],
  selection: BranchSelection,
): T | null {
  return visiblePath(messages, selection).at(-1) ?? null;
}

/**
 * The path that led to `message`, first to last (itself included): its parent, that one's
 * parent, up to the top. Other branches are never on it, whatever is on screen. A message
 * written before trees (no `parentId`) is preceded by what came before it in time.
 */
export function pathTo<T extends TreeMessage>(messages: readonly T[], message: T): T[] {
  if (message.parentId === undefined) {
    return [...messages].sort(byTime).filter((m) => byTime(m, message) <= 0);
  }
  const byId = new Map(messages.map((m) => [m.id, m]));
  const path: T[] = [message];
  const seen = new Set([message.id]);
  for (let parent = message.parentId; parent;) {
    const m = byId.get(parent);
    if (!m || seen.has(m.id)) break;
    seen.add(m.id);
    path.push(m);
    parent = m.parentId ?? null;
  }
  return path.reverse();
}
