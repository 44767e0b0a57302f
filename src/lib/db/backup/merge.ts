/**
 * Import merge rules (pure): what a checked backup adds to what is already stored.
 * - A conversation whose id is new is added with its messages.
 * - One that already exists is skipped (mode `skip`) or added as a copy with new ids and
 *   "(imported copy)" after its title (mode `copy`); the stored one is never changed.
 * - A setting (key-value record) that already exists keeps its current value, except the
 *   router's learned examples, which are merged (union); a new one is added.
 */
import { newId } from '../../util/id';
import type { Conversation, StoredMessage } from '../types';
import type { Backup, BackupKeyValue } from './format';
import { KV } from '../kv-keys';

export type ExistingMode = 'skip' | 'copy';

export interface ImportPlan {
  conversations: Conversation[];
  messages: StoredMessage[];
  keyValues: BackupKeyValue[];
  skippedConversations: number;
  copiedConversations: number;
  keptSettings: number;
}

const MERGED_LISTS = new Set([KV.routerExamples.name]);

export function planImport(
  backup: Backup,
  existing: { conversationIds: ReadonlySet<string>; keyValues: ReadonlyMap<string, unknown> },
  mode: ExistingMode,
  makeId: (prefix: string) => string = newId,
): ImportPlan {
  const plan: ImportPlan = {
    conversations: [],
    messages: [],
    keyValues: [],
    skippedConversations: 0,
    copiedConversations: 0,
    keptSettings: 0,
  };
  const byConversation = new Map<string, StoredMessage[]>();
  for (const m of backup.messages) {
    const list = byConversation.get(m.conversationId) ?? [];
    list.push(m);
    byConversation.set(m.conversationId, list);
  }
  for (const conversation of backup.conversations) {
    const messages = byConversation.get(conversation.id) ?? [];
    if (!existing.conversationIds.has(conversation.id)) {
      plan.conversations.push(conversation);
      plan.messages.push(...messages);
    } else if (mode === 'skip') {
      plan.skippedConversations += 1;
    } else {
      const id = makeId('c_');
      plan.conversations.push({ ...conversation, id, title: `${conversation.title} (imported copy)` });
      plan.messages.push(...messages.map((m) => ({ ...m, id: makeId('m_'), conversationId: id })));
      plan.copiedConversations += 1;
    }
  }
  for (const record of backup.keyValues) {
    if (!existing.keyValues.has(record.key)) {
      plan.keyValues.push(record);
    } else if (MERGED_LISTS.has(record.key)) {
      const current = existing.keyValues.get(record.key);
      plan.keyValues.push({ ...record, value: unionByJson(current, record.value) });
    } else {
      plan.keptSettings += 1;
    }
  }
  return plan;
}

function unionByJson(current: unknown, incoming: unknown): unknown[] {
  const out = Array.isArray(current) ? [...(current as unknown[])] : [];
  const seen = new Set(out.map((x) => JSON.stringify(x)));
  for (const item of Array.isArray(incoming) ? (incoming as unknown[]) : []) {
    const key = JSON.stringify(item);
    if (!seen.has(key)) out.push(item);
    seen.add(key);
  }
  return out;
}

/** What the import added, in words for the status region. */
export function describePlan(plan: ImportPlan): string {
  const n = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
  const parts = [
    `Added ${n(plan.conversations.length, 'conversation')} (${n(plan.messages.length, 'message')}) and ${n(plan.keyValues.length, 'setting')}.`,
  ];
  if (plan.copiedConversations)
    parts.push(`${n(plan.copiedConversations, 'conversation')} already here kept as copies.`);
  if (plan.skippedConversations)
    parts.push(`Skipped ${n(plan.skippedConversations, 'conversation')} already here.`);
  if (plan.keptSettings) parts.push(`Kept your current value of ${n(plan.keptSettings, 'setting')}.`);
  return parts.join(' ');
}
