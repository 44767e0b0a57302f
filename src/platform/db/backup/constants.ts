/** The backup file's fixed names, apart from its schema (format.ts) so the page's export needs no validator. */
import { KV } from '../kv-keys';

export const BACKUP_FORMAT = 'tandem-backup';
export const BACKUP_VERSION = 1;
/** The kv key of a remembered Claude key: never exported, never imported. */
export const API_KEY_KV_KEY = KV.claudeApiKey.name;
/** Every kv key that holds an API key (Claude's, the user's server's): never exported, never imported. */
export const API_KEY_KV_KEYS: readonly string[] = [KV.claudeApiKey.name, KV.serverApiKey.name];

/** The stores a backup holds: exported in one read transaction, imported in one write. */
export const BACKUP_STORES = [
  'conversations',
  'messages',
  'kv',
  'feedback',
  'evaluations',
  'evalResponses',
  'arenaVotes',
  'answerMetrics',
  'operations',
  'documents',
  'documentChunks',
] as const;
