/** Messages between the page and the backup worker (one import per worker). */
import type { BackupRejection } from '../db/backup/format';
import type { ExistingMode } from '../db/backup/merge';

export interface BackupImportRequest {
  file: Blob;
  mode: ExistingMode;
}

export type BackupImportResponse =
  | { ok: true; summary: string; conversations: number; messages: number; keyValues: number }
  | { ok: false; code: BackupRejection | 'write-failed'; message: string };
