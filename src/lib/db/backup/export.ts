/** Builds backups from the database: everything, or one conversation (JSON or Markdown). */
import type { IDBPDatabase } from 'idb';
import type { TandemDB } from '../schema';
import type { Conversation, StoredMessage } from '../types';
import { API_KEY_KV_KEY, BACKUP_FORMAT, BACKUP_VERSION, type Backup, type BackupKeyValue } from './format';
import { KV } from '../kv-keys';

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
  if (record.key === API_KEY_KV_KEY) return false;
  return options.includeEmbeddings || !record.key.startsWith(CACHE_PREFIX);
}

function backupOf(
  conversations: Conversation[],
  messages: StoredMessage[],
  keyValues: BackupKeyValue[],
  options: ExportOptions,
): Backup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date().toISOString(),
    includesEmbeddings: options.includeEmbeddings,
    conversations,
    messages: messages.map((m) => slim(m, options)),
    keyValues: keyValues.filter((r) => exportableKeyValue(r, options)),
  };
}

/** Everything in one read transaction, so the backup is consistent. Never the API key. */
export async function exportAll(db: IDBPDatabase<TandemDB>, options: ExportOptions): Promise<Backup> {
  const tx = db.transaction(['conversations', 'messages', 'kv'], 'readonly');
  const [conversations, messages, keyValues] = await Promise.all([
    tx.objectStore('conversations').getAll(),
    tx.objectStore('messages').getAll(),
    tx.objectStore('kv').getAll(),
  ]);
  await tx.done;
  return backupOf(conversations, messages, keyValues, options);
}

export function exportConversation(
  conversation: Conversation,
  messages: StoredMessage[],
  options: ExportOptions,
): Backup {
  return backupOf([conversation], messages, [], options);
}

/** A conversation as Markdown: title, then each message under its speaker. */
export function conversationMarkdown(conversation: Conversation, messages: StoredMessage[]): string {
  const speaker = { user: 'You', assistant: 'Assistant', system: 'System' } as const;
  const lines = [`# ${conversation.title}`, '', `_Exported from Tandem on ${new Date().toISOString()}_`, ''];
  for (const m of messages) {
    const by = m.role === 'assistant' && m.model ? `${speaker[m.role]} (${m.model.label})` : speaker[m.role];
    lines.push(`## ${by}`, '', m.content, '');
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
