/**
 * Shared by the importers: a tree of source nodes, some of which are left out (system prompts,
 * tool calls, empty messages), becomes a tree of the kept ones. A kept node's parent is its
 * nearest kept ancestor, so leaving out a tool call never cuts a conversation in two.
 */
import type { ImportedMessage } from './types';

export interface SourceNode {
  id: string;
  parent: string | null;
  /** The message to keep, or null to leave the node out. */
  message: Omit<ImportedMessage, 'sourceId' | 'parentSourceId'> | null;
}

export function keptTree(
  nodes: readonly SourceNode[],
  leaf: string | null,
): { messages: ImportedMessage[]; leafSourceId: string | null } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const keptAncestor = (start: string | null): string | null => {
    const seen = new Set<string>();
    let current = start;
    while (current !== null && !seen.has(current)) {
      seen.add(current);
      const node = byId.get(current);
      if (!node) return null;
      if (node.message) return node.id;
      current = node.parent;
    }
    return null;
  };
  const kept: ImportedMessage[] = [];
  for (const node of nodes) {
    if (!node.message) continue;
    kept.push({ ...node.message, sourceId: node.id, parentSourceId: keptAncestor(node.parent) });
  }
  // Parents before children, and a child never older than its parent (the tree is ordered by time).
  const ordered = parentsFirst(kept);
  const time = new Map<string, number>();
  for (const m of ordered) {
    const parentTime = m.parentSourceId === null ? -Infinity : (time.get(m.parentSourceId) ?? -Infinity);
    m.createdAt = Math.max(m.createdAt, parentTime + 1);
    time.set(m.sourceId, m.createdAt);
  }
  return { messages: ordered, leafSourceId: keptAncestor(leaf) };
}

function parentsFirst(messages: ImportedMessage[]): ImportedMessage[] {
  const children = new Map<string | null, ImportedMessage[]>();
  for (const m of messages) children.set(m.parentSourceId, [...(children.get(m.parentSourceId) ?? []), m]);
  const out: ImportedMessage[] = [];
  const stack = [...(children.get(null) ?? [])].reverse();
  const seen = new Set<string>();
  while (stack.length) {
    const m = stack.pop()!;
    if (seen.has(m.sourceId)) continue;
    seen.add(m.sourceId);
    out.push(m);
    stack.push(...[...(children.get(m.sourceId) ?? [])].reverse());
  }
  return out;
}

/** Seconds (what the other apps write) to milliseconds; a missing time is `fallback`. */
export function secondsToMs(value: number | null | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 1000) : fallback;
}

/** An ISO date to milliseconds; a missing or bad one is `fallback`. */
export function isoToMs(value: string | null | undefined, fallback: number): number {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : fallback;
}
