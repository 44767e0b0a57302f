/**
 * The backup file: versioned JSON, checked with the same record schemas as the database.
 * `parseBackup` turns file text into a checked backup or a rejection that names the problem.
 */
import * as v from 'valibot';
import type { AnswerMetric } from '../../../core/answers/metric';
import type { ArenaVote, EvalResponse, EvaluationRecord } from '../../../core/evaluation';
import type { FeedbackRecord } from '../../../core/feedback';
import type { OperationRecord } from '../../../core/operations';
import { arenaVoteSchema, evalResponseSchema, evaluationSchema } from '../eval-records';
import { answerMetricSchema, operationSchema } from '../metric-records';
import {
  conversationSchema,
  describeIssues,
  documentChunkSchema,
  documentSchema,
  feedbackSchema,
  keyValueSchema,
  messageSchema,
} from '../records';
import { chainLinear } from '../../../platform/db/chain';
import { API_KEY_KV_KEY, API_KEY_KV_KEYS, BACKUP_FORMAT, BACKUP_VERSION } from './constants';
import type { Conversation, DocumentChunk, DocumentRecord, StoredMessage } from '../../../core/stored';
import { documentsProblem } from './documents';

export { API_KEY_KV_KEY, BACKUP_FORMAT, BACKUP_VERSION };

export interface BackupKeyValue {
  key: string;
  value: unknown;
  updatedAt: number;
}

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  exportedAt: string;
  /** Whether embeddings and health reports were included. */
  includesEmbeddings: boolean;
  conversations: Conversation[];
  messages: StoredMessage[];
  keyValues: BackupKeyValue[];
  /** Feedback on answers (absent in backups made before feedback existed). */
  feedback?: FeedbackRecord[];
  /** The Evaluate workbench (absent in backups made before it existed). */
  evaluations?: EvaluationRecord[];
  evalResponses?: EvalResponse[];
  arenaVotes?: ArenaVote[];
  /** Measurements (optional: files from before metrics were backed up have none). */
  answerMetrics?: AnswerMetric[];
  operations?: OperationRecord[];
  /** Attached documents and their chunks (absent in backups made before documents existed). */
  documents?: DocumentRecord[];
  documentChunks?: DocumentChunk[];
}

export const backupSchema = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(BACKUP_VERSION),
  exportedAt: v.string(),
  includesEmbeddings: v.boolean(),
  conversations: v.array(conversationSchema),
  messages: v.array(messageSchema),
  keyValues: v.array(keyValueSchema),
  feedback: v.optional(v.array(feedbackSchema)),
  evaluations: v.optional(v.array(evaluationSchema)),
  evalResponses: v.optional(v.array(evalResponseSchema)),
  arenaVotes: v.optional(v.array(arenaVoteSchema)),
  answerMetrics: v.optional(v.array(answerMetricSchema)),
  operations: v.optional(v.array(operationSchema)),
  documents: v.optional(v.array(documentSchema)),
  documentChunks: v.optional(v.array(documentChunkSchema)),
});

export type BackupRejection =
  | 'not-json'
  | 'not-a-backup'
  | 'newer-version'
  | 'wrong-version'
  | 'invalid-record'
  | 'duplicate-id'
  | 'orphan-message'
  | 'broken-branch'
  | 'broken-document'
  | 'contains-key';

export type ParsedBackup =
  { ok: true; backup: Backup } | { ok: false; code: BackupRejection; message: string };

/** Property names that hold a secret key: a file with any of them is refused outright. */
const KEY_FIELD = /^(api[-_]?key|x-api-key|apikey|anthropic[-_]?api[-_]?key)$/i;

const reject = (code: BackupRejection, message: string): ParsedBackup => ({ ok: false, code, message });

export function parseBackup(text: string): ParsedBackup {
  let keyField: string | null = null;
  let data: unknown;
  try {
    data = JSON.parse(text, function (key, value: unknown) {
      if (keyField === null && KEY_FIELD.test(key)) keyField = key;
      return value;
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return reject('not-json', `The file is not valid JSON, perhaps cut short (${detail}).`);
  }
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== BACKUP_FORMAT) {
    return reject('not-a-backup', 'The file is not a Tandem backup (it has no "format": "tandem-backup").');
  }
  const version = (data as { version?: unknown }).version;
  if (typeof version === 'number' && version > BACKUP_VERSION) {
    return reject(
      'newer-version',
      `The backup was made by a newer Tandem (format version ${version}; this one reads version ${BACKUP_VERSION}). Update Tandem, then import it.`,
    );
  }
  if (version !== BACKUP_VERSION) {
    return reject(
      'wrong-version',
      `The backup's format version (${JSON.stringify(version)}) is not one Tandem knows.`,
    );
  }
  const kv = (data as { keyValues?: unknown }).keyValues;
  const keyRecord = Array.isArray(kv)
    ? (kv as { key?: unknown }[]).find((r) => API_KEY_KV_KEYS.includes(String(r?.key)))
    : undefined;
  if (keyField !== null || keyRecord) {
    return reject(
      'contains-key',
      `The file contains an API key field (${keyField ?? String(keyRecord?.key ?? API_KEY_KV_KEY)}). Tandem never imports keys: remove it, then import again, and add the key in Settings.`,
    );
  }
  const result = v.safeParse(backupSchema, data);
  if (!result.success) {
    return reject(
      'invalid-record',
      `A record in the file has the wrong shape: ${describeIssues(result.issues)}.`,
    );
  }
  const backup = result.output as Backup;
  const duplicate = firstDuplicate(backup);
  if (duplicate) {
    return reject(
      'duplicate-id',
      `The file lists ${duplicate.what} ${duplicate.id} twice (store "${duplicate.store}"): a backup holds each record once.`,
    );
  }
  const ids = new Set(backup.conversations.map((c) => c.id));
  const orphan = backup.messages.find((m) => !ids.has(m.conversationId));
  if (orphan) {
    return reject(
      'orphan-message',
      `Message ${orphan.id} belongs to conversation ${orphan.conversationId}, which is not in the file.`,
    );
  }
  const documents = documentsProblem(backup.documents ?? [], backup.documentChunks ?? [], ids);
  if (documents) return reject('broken-document', documents);
  const linked = linkBranches(backup.messages);
  if (typeof linked === 'string') return reject('broken-branch', linked);
  return { ok: true, backup: { ...backup, messages: linked } };
}

/**
 * Files made before conversations were trees have no `parentId`: each conversation becomes a
 * chain, as the database migration does. A parent must be a message of the same conversation.
 */
function linkBranches(messages: StoredMessage[]): StoredMessage[] | string {
  const byConversation = new Map<string, StoredMessage[]>();
  for (const m of messages) {
    const list = byConversation.get(m.conversationId) ?? [];
    list.push(m);
    byConversation.set(m.conversationId, list);
  }
  const out: StoredMessage[] = [];
  for (const list of byConversation.values()) {
    const chained = list.some((m) => m.parentId === undefined) ? chainLinear(list) : list;
    const ids = new Set(chained.map((m) => m.id));
    const broken = chained.find((m) => m.parentId != null && !ids.has(m.parentId));
    if (broken) {
      return `Message ${broken.id} follows message ${broken.parentId ?? ''}, which is not in its conversation in the file.`;
    }
    out.push(...chained);
  }
  return out;
}

/** Each store a backup holds, what one record of it is called, and its records' ids. */
const UNIQUE_IDS: readonly [store: string, what: string, ids: (b: Backup) => readonly string[]][] = [
  ['conversations', 'conversation', (b) => b.conversations.map((c) => c.id)],
  ['messages', 'message', (b) => b.messages.map((m) => m.id)],
  ['kv', 'setting', (b) => b.keyValues.map((r) => r.key)],
  ['feedback', 'feedback record', (b) => (b.feedback ?? []).map((r) => r.id)],
  ['evaluations', 'evaluation', (b) => (b.evaluations ?? []).map((e) => e.id)],
  ['evalResponses', 'evaluation response', (b) => (b.evalResponses ?? []).map((r) => r.id)],
  ['arenaVotes', 'arena vote', (b) => (b.arenaVotes ?? []).map((r) => r.id)],
  ['answerMetrics', 'answer measurement', (b) => (b.answerMetrics ?? []).map((r) => r.id)],
  ['operations', 'operation', (b) => (b.operations ?? []).map((r) => r.id)],
];

/** The first id listed twice within one store of the file, with the store it is in. */
function firstDuplicate(backup: Backup): { store: string; what: string; id: string } | null {
  for (const [store, what, ids] of UNIQUE_IDS) {
    const seen = new Set<string>();
    for (const id of ids(backup)) {
      if (seen.has(id)) return { store, what, id };
      seen.add(id);
    }
  }
  return null;
}
