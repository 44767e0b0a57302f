/**
 * Import merge rules (pure): what a checked backup adds to what is already stored.
 * - A conversation whose id is new is added with its messages.
 * - One that already exists is skipped (mode `skip`) or added as a copy with new ids and
 *   "(imported copy)" after its title (mode `copy`); the stored one is never changed.
 * - A setting (key-value record) that already exists keeps its current value, except the
 *   router's learned examples, which are merged (union); a new one is added.
 * - Records of the other stores (stores.ts) follow their conversation: added with it, skipped
 *   with it, and in a copy re-pointed at the copy's conversation and messages.
 */
import { newId } from '../../util/id';
import type { Conversation, StoredMessage } from '../types';
import type { Backup, BackupKeyValue } from './format';
import { BACKUP_STORES, type BackupRecord, type BackupStoreName, type BackupStores } from './stores';

export type ExistingMode = 'skip' | 'copy';

export interface ImportPlan {
  conversations: Conversation[];
  messages: StoredMessage[];
  keyValues: BackupKeyValue[];
  stores: Partial<Record<BackupStoreName, BackupRecord[]>>;
  skippedConversations: number;
  copiedConversations: number;
  keptSettings: number;
}

const MERGED_LISTS = new Set(['router:examples']);

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
    stores: {},
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
  /** Where each imported conversation and message went: its own id, or its copy's. */
  const conversationIds = new Map<string, string>();
  const messageIds = new Map<string, string>();
  for (const conversation of backup.conversations) {
    const messages = byConversation.get(conversation.id) ?? [];
    if (!existing.conversationIds.has(conversation.id)) {
      plan.conversations.push(conversation);
      plan.messages.push(...messages);
      conversationIds.set(conversation.id, conversation.id);
      for (const m of messages) messageIds.set(m.id, m.id);
    } else if (mode === 'skip') {
      plan.skippedConversations += 1;
    } else {
      const id = makeId('c_');
      plan.conversations.push({ ...conversation, id, title: `${conversation.title} (imported copy)` });
      conversationIds.set(conversation.id, id);
      for (const m of messages) {
        const copy = { ...m, id: makeId('m_'), conversationId: id };
        messageIds.set(m.id, copy.id);
        plan.messages.push(copy);
      }
      plan.copiedConversations += 1;
    }
  }
  plan.stores = planStores(backup.stores ?? {}, conversationIds, messageIds);
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

function planStores(
  stores: BackupStores,
  conversationIds: ReadonlyMap<string, string>,
  messageIds: ReadonlyMap<string, string>,
): ImportPlan['stores'] {
  const out: ImportPlan['stores'] = {};
  for (const [name, records] of Object.entries(stores) as [BackupStoreName, BackupRecord[]][]) {
    const entry: { key: string; conversation: string; message?: string } = BACKUP_STORES[name];
    const kept: BackupRecord[] = [];
    for (const record of records) {
      const oldConversation = record[entry.conversation] as string;
      const conversation = conversationIds.get(oldConversation);
      if (conversation === undefined) continue;
      if (conversation === oldConversation) {
        kept.push(record);
        continue;
      }
      // A copy: point the record at the copy; its key follows the message id it contains.
      const copy: BackupRecord = { ...record, [entry.conversation]: conversation };
      if (entry.message) {
        const oldMessage = record[entry.message] as string;
        const message = messageIds.get(oldMessage) ?? oldMessage;
        copy[entry.message] = message;
        copy[entry.key] = String(record[entry.key]).replace(oldMessage, message);
      }
      if (copy[entry.key] === record[entry.key])
        copy[entry.key] = `${String(record[entry.key])}:${conversation}`;
      kept.push(copy);
    }
    out[name] = kept;
  }
  return out;
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
    ...storeCounts(plan),
  ];
  if (plan.copiedConversations)
    parts.push(`${n(plan.copiedConversations, 'conversation')} already here kept as copies.`);
  if (plan.skippedConversations)
    parts.push(`Skipped ${n(plan.skippedConversations, 'conversation')} already here.`);
  if (plan.keptSettings) parts.push(`Kept your current value of ${n(plan.keptSettings, 'setting')}.`);
  return parts.join(' ');
}

/** "Restored 3 answer measurements." per store that had records. */
const STORE_WORDS: Record<BackupStoreName, [string, string]> = {
  answerMetrics: ['answer measurement', 'answer measurements'],
};
function storeCounts(plan: ImportPlan): string[] {
  return (Object.entries(plan.stores) as [BackupStoreName, BackupRecord[]][])
    .filter(([, records]) => records.length > 0)
    .map(
      ([name, records]) => `Restored ${records.length} ${STORE_WORDS[name][records.length === 1 ? 0 : 1]}.`,
    );
}
