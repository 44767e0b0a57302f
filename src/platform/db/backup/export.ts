/** Builds backups from the database: everything, or one conversation (JSON or Markdown). */
import type { IDBPDatabase } from 'idb';
import type { TandemDB } from '../schema';
import type { FeedbackRecord } from '../../../core/feedback';
import type { Conversation, StoredMessage } from '../../../core/stored';
import { API_KEY_KV_KEYS, BACKUP_FORMAT, BACKUP_STORES, BACKUP_VERSION } from './constants';
import type { Backup, BackupKeyValue } from './format';
import { KV } from '../kv-keys';
import { exportableDocuments } from './documents';

export interface ExportOptions {
  /** Keep sentence embeddings and health reports (large; they can be computed again). */
  includeEmbeddings: boolean;
}

/** Caches that are rebuilt on demand: exported only with embeddings. */
const CACHE_PREFIX = KV.healthPrototypes.prefix;

function slim(message: StoredMessage, options: ExportOptions): StoredMessage {
  if (options.includeEmbeddings) return message;
  const { embedding: _embedding, health: _health, ...rest } = message;
  return rest;
}

export function exportableKeyValue(record: BackupKeyValue, options: ExportOptions): boolean {
  if (API_KEY_KV_KEYS.includes(record.key)) return false;
  return options.includeEmbeddings || !record.key.startsWith(CACHE_PREFIX);
}

function slimFeedback(record: FeedbackRecord, options: ExportOptions): FeedbackRecord {
  if (options.includeEmbeddings) return record;
  const { promptEmbedding: _embedding, ...rest } = record;
  return rest;
}

function backupOf(
  conversations: Conversation[],
  messages: StoredMessage[],
  keyValues: BackupKeyValue[],
  options: ExportOptions,
  feedback: FeedbackRecord[] = [],
  workbench: Pick<Backup, 'evaluations' | 'evalResponses' | 'arenaVotes'> = {},
  measurements: Pick<Backup, 'answerMetrics' | 'operations'> = {},
): Backup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date().toISOString(),
    includesEmbeddings: options.includeEmbeddings,
    conversations,
    messages: messages.map((m) => slim(m, options)),
    keyValues: keyValues.filter((r) => exportableKeyValue(r, options)),
    feedback: feedback.map((r) => slimFeedback(r, options)),
    ...workbench,
    ...measurements,
  };
}

/** Everything in one read transaction, so the backup is consistent. Never the API key. */
export async function exportAll(db: IDBPDatabase<TandemDB>, options: ExportOptions): Promise<Backup> {
  const stores = BACKUP_STORES;
  const tx = db.transaction(stores, 'readonly');
  const [
    conversations,
    messages,
    keyValues,
    feedback,
    evaluations,
    evalResponses,
    arenaVotes,
    answerMetrics,
    operations,
    documents,
    documentChunks,
  ] = await Promise.all([
    tx.objectStore('conversations').getAll(),
    tx.objectStore('messages').getAll(),
    tx.objectStore('kv').getAll(),
    tx.objectStore('feedback').getAll(),
    tx.objectStore('evaluations').getAll(),
    tx.objectStore('evalResponses').getAll(),
    tx.objectStore('arenaVotes').getAll(),
    tx.objectStore('answerMetrics').getAll(),
    tx.objectStore('operations').getAll(),
    tx.objectStore('documents').getAll(),
    tx.objectStore('documentChunks').getAll(),
  ]);
  await tx.done;
  // A message whose conversation is gone (an orphan) would make the file refuse to import:
  // it is left out here, and startup sets such messages aside in quarantine.
  const stored = new Set(conversations.map((c) => c.id));
  const backup = backupOf(
    conversations,
    messages.filter((m) => stored.has(m.conversationId)),
    keyValues,
    options,
    feedback,
    { evaluations, evalResponses, arenaVotes },
    { answerMetrics, operations },
  );
  return { ...backup, ...exportableDocuments(documents, documentChunks, stored, options.includeEmbeddings) };
}

export function exportConversation(
  conversation: Conversation,
  messages: StoredMessage[],
  options: ExportOptions,
): Backup {
  return backupOf([conversation], messages, [], options);
}

/**
 * A conversation as Markdown: title, then each message under its speaker. Every branch is
 * there: messages follow the tree depth first (oldest branch first), and a message that has
 * alternatives says which one it is ("branch 2 / 3").
 */
export function conversationMarkdown(conversation: Conversation, messages: StoredMessage[]): string {
  const speaker = { user: 'You', assistant: 'Assistant', system: 'System' } as const;
  const lines = [`# ${conversation.title}`, '', `_Exported from Tandem on ${new Date().toISOString()}_`, ''];
  const children = new Map<string, StoredMessage[]>();
  const ids = new Set(messages.map((m) => m.id));
  for (const m of [...messages].sort((a, b) => a.createdAt - b.createdAt)) {
    // A parent that is missing (or a record from before trees) puts the message at the top.
    const key = m.parentId && ids.has(m.parentId) ? m.parentId : '';
    children.set(key, [...(children.get(key) ?? []), m]);
  }
  const seen = new Set<string>();
  const stack = [...(children.get('') ?? [])].reverse();
  while (stack.length) {
    const m = stack.pop()!;
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    const siblings = children.get(m.parentId && ids.has(m.parentId) ? m.parentId : '') ?? [];
    const by = m.role === 'assistant' && m.model ? `${speaker[m.role]} (${m.model.label})` : speaker[m.role];
    const branch = siblings.length > 1 ? ` — branch ${siblings.indexOf(m) + 1} / ${siblings.length}` : '';
    lines.push(`## ${by}${branch}`, '', m.content, '');
    stack.push(...[...(children.get(m.id) ?? [])].reverse());
  }
  return lines.join('\n');
}

/** A file name without characters file systems refuse. */
export function safeFileName(title: string): string {
  return (
    title
      .replace(/[^\p{L}\p{N} _-]+/gu, '')
      .trim()
      .slice(0, 60)
      .replace(/\s+/g, '-') || 'conversation'
  );
}
