/**
 * The app database: schema, version and migrations.
 *
 * Each version's upgrade step runs in order from the stored version to the current one, so a
 * browser that skipped versions still ends up with the same shape. Never edit a released
 * step: add a new one. `tests/e2e/db-migration.spec.ts` opens a database written by version 1
 * and checks the data survives.
 */
import { openDB, unwrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { AnswerMetric } from '../../core/answers/metric';
import type { ArenaVote, EvalResponse, EvaluationRecord } from '../../core/evaluation';
import type { FeedbackRecord } from '../../core/feedback';
import type { OperationRecord } from '../../core/operations';
import { repairWallClock } from './migrate-wall-clock';
import { TandemError } from '../../core/errors';
import { UPDATED_IN_ANOTHER_TAB } from '../tabs/status-text';
import type { QuarantinedRecord } from './records';
import type {
  Conversation,
  DocumentChunk,
  DocumentRecord,
  KeyValueRecord,
  StoredMessage,
} from '../../core/stored';

export const APP_DB_NAME = 'tandem';
export const APP_DB_VERSION = 9;

export interface TandemDB extends DBSchema {
  conversations: {
    key: string;
    value: Conversation;
    indexes: { 'by-updated': number };
  };
  messages: {
    key: string;
    value: StoredMessage;
    indexes: { 'by-conversation': [string, number] };
  };
  kv: {
    key: string;
    value: KeyValueRecord;
  };
  /** Records that failed validation when read, kept for the user to export or delete. */
  quarantine: {
    key: string;
    value: QuarantinedRecord;
  };
  answerMetrics: {
    key: string;
    value: AnswerMetric;
    indexes: { 'by-started': number; 'by-model': [string, number]; 'by-message': string };
  };
  /** Ratings, comments, corrections and implicit signals, one record per answer. */
  feedback: {
    key: string;
    value: FeedbackRecord;
    indexes: { 'by-conversation': string };
  };
  /** The Evaluate workbench: one record per evaluation (configuration, status, progress). */
  evaluations: {
    key: string;
    value: EvaluationRecord;
    indexes: { 'by-started': number };
  };
  /** One record per finished task of an evaluation, written as each completes (resume reads them). */
  evalResponses: {
    key: string;
    value: EvalResponse;
    indexes: { 'by-evaluation': string };
  };
  /** Blind arena votes. */
  arenaVotes: {
    key: string;
    value: ArenaVote;
    indexes: { 'by-evaluation': string };
  };
  /** Every measured operation that is not a generation: embeddings, compressions, loads, routing. */
  operations: {
    key: string;
    value: OperationRecord;
    indexes: { 'by-at': number; 'by-kind': [string, number]; 'by-model': [string, number] };
  };
  /** Attached documents (one record per file), indexed by conversation. */
  documents: {
    key: string;
    value: DocumentRecord;
    indexes: { 'by-conversation': string };
  };
  /** Their chunks with vectors, indexed by document and position. */
  documentChunks: {
    key: string;
    value: DocumentChunk;
    indexes: { 'by-document': [string, number] };
  };
}

type UpgradeTx = IDBPTransaction<TandemDB, StoreNames<TandemDB>[], 'versionchange'>;

/**
 * Version 1 (first release): conversations and messages, messages indexed by conversation id only.
 * Version 2: messages indexed by [conversationId, createdAt] so a conversation loads in order
 * without sorting; a key-value store for settings and drafts; every message gets a `status`.
 * Version 3: a store for records that failed validation when read (see quarantine.ts); no data
 * changes.
 * Version 4: one record per answer attempt (`answerMetrics`), indexed by start time, by model
 * and start time, and by message, so measurements are read without loading messages.
 * Version 5: the Evaluate workbench's stores (`evaluations`, `evalResponses`, `arenaVotes`);
 * creates stores only, each guarded so the step can be renumbered when branches merge.
 * Version 6: feedback on answers (`feedback`, keyed by the answer's message id, indexed by
 * conversation); only creates the store.
 * Version 7: one record per other model operation (`operations`: embedding, compression, model
 * load, routing decision), indexed by time, by kind and time, and by model and time. Generations
 * stay in `answerMetrics` (no records move).
 * Version 8: conversations become trees. Every message written before gets `parentId`: the
 * message before it in its conversation (null for the first), so each old conversation is one
 * chain and reads as before. Stores for attached documents (`documents`, `documentChunks`).
 * Guarded like 5-7: stores are created only when missing and a message that already names a
 * parent keeps it, so the step can be renumbered or run twice.
 * Version 9: data only: evaluation responses and answer metrics dated with `performance.now()`
 * (1970) get wall-clock dates in their known order (migrate-wall-clock.ts).
 */
const migrations: Record<number, (db: IDBPDatabase<TandemDB>, tx: UpgradeTx) => Promise<void> | void> = {
  1: (db) => {
    const conversations = db.createObjectStore('conversations', { keyPath: 'id' });
    conversations.createIndex('by-updated', 'updatedAt');
    const messages = db.createObjectStore('messages', { keyPath: 'id' });
    // Version 1's index; replaced in version 2.
    (messages as unknown as IDBObjectStore).createIndex('by-conversation-id', 'conversationId');
  },
  2: async (db, tx) => {
    const messages = tx.objectStore('messages');
    const raw = messages as unknown as { indexNames: DOMStringList; deleteIndex(name: string): void };
    if (raw.indexNames.contains('by-conversation-id')) raw.deleteIndex('by-conversation-id');
    messages.createIndex('by-conversation', ['conversationId', 'createdAt']);
    db.createObjectStore('kv', { keyPath: 'key' });
    // Data step: messages written by version 1 have no status; they were all complete.
    let cursor = await messages.openCursor();
    while (cursor) {
      const value = cursor.value as StoredMessage & { status?: StoredMessage['status'] };
      if (!value.status) await cursor.update({ ...value, status: 'complete' });
      cursor = await cursor.continue();
    }
  },
  3: (db) => addQuarantineStore(db),
  4: (db) => {
    const metrics = db.createObjectStore('answerMetrics', { keyPath: 'id' });
    metrics.createIndex('by-started', 'startedAt');
    metrics.createIndex('by-model', ['modelId', 'startedAt']);
    metrics.createIndex('by-message', 'messageId');
  },
  5: (db) => addEvaluationStores(db),
  6: (db) => {
    if (db.objectStoreNames.contains('feedback')) return;
    const feedback = db.createObjectStore('feedback', { keyPath: 'id' });
    feedback.createIndex('by-conversation', 'conversationId');
  },
  7: (db) => {
    if (db.objectStoreNames.contains('operations')) return;
    const ops = db.createObjectStore('operations', { keyPath: 'id' });
    ops.createIndex('by-at', 'at');
    ops.createIndex('by-kind', ['kind', 'at']);
    ops.createIndex('by-model', ['modelId', 'at']);
  },
  8: async (db, tx) => {
    addDocumentStores(db);
    await chainMessages(tx);
  },
  9: async (_db, tx) => {
    await repairWallClock(tx);
  },
};

/** Creates the document stores; safe to run on a database that already has them. */
export function addDocumentStores(db: IDBPDatabase<TandemDB>): void {
  if (!db.objectStoreNames.contains('documents')) {
    db.createObjectStore('documents', { keyPath: 'id' }).createIndex('by-conversation', 'conversationId');
  }
  if (!db.objectStoreNames.contains('documentChunks')) {
    db.createObjectStore('documentChunks', { keyPath: 'id' }).createIndex('by-document', [
      'documentId',
      'index',
    ]);
  }
}

/**
 * Links every message without `parentId` to the one before it in its conversation, walking the
 * [conversationId, createdAt] index (ties in primary-key order, as features/chat/tree does).
 */
async function chainMessages(tx: UpgradeTx): Promise<void> {
  let cursor = await tx.objectStore('messages').index('by-conversation').openCursor();
  let conversation: string | null = null;
  let previous: string | null = null;
  while (cursor) {
    const value = cursor.value;
    if (value.conversationId !== conversation) {
      conversation = value.conversationId;
      previous = null;
    }
    if (value.parentId === undefined) await cursor.update({ ...value, parentId: previous });
    previous = value.id;
    cursor = await cursor.continue();
  }
}

/** Creates the workbench's stores; safe to run on a database that already has them. */
export function addEvaluationStores(db: IDBPDatabase<TandemDB>): void {
  if (!db.objectStoreNames.contains('evaluations')) {
    db.createObjectStore('evaluations', { keyPath: 'id' }).createIndex('by-started', 'startedAt');
  }
  if (!db.objectStoreNames.contains('evalResponses')) {
    db.createObjectStore('evalResponses', { keyPath: 'id' }).createIndex('by-evaluation', 'evaluationId');
  }
  if (!db.objectStoreNames.contains('arenaVotes')) {
    db.createObjectStore('arenaVotes', { keyPath: 'id' }).createIndex('by-evaluation', 'evaluationId');
  }
}

/** Creates the quarantine store; safe to run on a database that already has it. */
export function addQuarantineStore(db: IDBPDatabase<TandemDB>): void {
  if (!db.objectStoreNames.contains('quarantine')) db.createObjectStore('quarantine', { keyPath: 'id' });
}

/** What the app hears about other tabs while its database is open. */
export interface OpenHooks {
  /** A newer tab upgrades the database: this connection was closed and refuses every write now. */
  onVersionChange?: () => void;
  /** This (newer) tab's upgrade waits because an older tab holds the database open. */
  onBlocked?: () => void;
}

export async function openAppDb(
  name = APP_DB_NAME,
  version = APP_DB_VERSION,
  hooks: OpenHooks = {},
): Promise<IDBPDatabase<TandemDB>> {
  let closed = false;
  const db = await openDB<TandemDB>(name, version, {
    async upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion + 1; v <= (newVersion ?? version); v++) {
        const step = migrations[v];
        if (!step) throw new Error(`No migration to database version ${v}.`);
        await step(db, tx);
      }
    },
    blocked() {
      hooks.onBlocked?.();
    },
    blocking(_current, _blocked, event) {
      // Another tab wants a newer version: close so it can upgrade.
      (event.target as IDBDatabase).close();
      closed = true;
      hooks.onVersionChange?.();
    },
  });
  refuseWhenClosed(db, () => closed);
  return db;
}

/**
 * After the connection was closed, every transaction (and so every idb shortcut: get, put, ...)
 * fails with a `database-closed` TandemError that says what to do, instead of the browser's
 * InvalidStateError. An own `transaction` on the raw IDBDatabase: idb's wrapper calls it for
 * `db.transaction(...)` and every shortcut alike.
 */
function refuseWhenClosed(db: IDBPDatabase<TandemDB>, closed: () => boolean): void {
  const raw = unwrap(db) as IDBDatabase;
  const transaction = IDBDatabase.prototype.transaction;
  raw.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (closed()) throw new TandemError('database-closed', UPDATED_IN_ANOTHER_TAB);
    return transaction.apply(this, args);
  };
}
