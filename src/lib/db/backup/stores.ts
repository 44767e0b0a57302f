/**
 * Record stores a backup carries beyond conversations, messages and settings, in its `stores`
 * section. Adding a store to backup and restore is one entry here (its schema lives in
 * records.ts): export reads it in the same transaction as everything else, import checks every
 * record with the schema, skips the records of a conversation that is skipped, re-points them
 * at the copy when a conversation is imported as a copy, and writes them in the same
 * all-or-nothing transaction.
 */
import type * as v from 'valibot';
import type { StoreNames } from 'idb';
import { answerMetricSchema } from '../records';
import type { TandemDB } from '../schema';

export interface BackupStoreEntry {
  schema: v.GenericSchema;
  /** The field that holds the record's key (its keyPath). */
  key: string;
  /** The field naming the conversation the record belongs to. */
  conversation: string;
  /** The field naming the message it belongs to, if any (re-pointed in a copy). */
  message?: string;
}

export const BACKUP_STORES = {
  answerMetrics: {
    schema: answerMetricSchema,
    key: 'id',
    conversation: 'conversationId',
    message: 'messageId',
  },
} as const satisfies Partial<Record<StoreNames<TandemDB>, BackupStoreEntry>>;

export type BackupStoreName = keyof typeof BACKUP_STORES;
export const BACKUP_STORE_NAMES = Object.keys(BACKUP_STORES) as BackupStoreName[];

/** A backed-up record: a plain object checked by its store's schema. */
export type BackupRecord = Record<string, unknown>;
export type BackupStores = Partial<Record<BackupStoreName, BackupRecord[]>>;
