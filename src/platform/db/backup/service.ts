/**
 * What the Settings page may do with the whole database: export it and import a backup file.
 * Pages get this, never the raw database handle (issue 21, point 4).
 */
import type { IDBPDatabase } from 'idb';
import type { BackupImportResponse } from '../../protocol/backup';
import type { TandemDB } from '../schema';
import { importInWorker } from './client';
import { exportAll, type ExportOptions } from './export';
import type { Backup } from './format';
import type { ExistingMode } from './merge';

export interface BackupService {
  /** Everything stored, as the versioned backup (never the Claude key). */
  exportAll(options: ExportOptions): Promise<Backup>;
  /** Parses, checks and writes a backup file in a worker, in one transaction (all or nothing). */
  importFile(file: Blob, mode: ExistingMode): Promise<BackupImportResponse>;
}

export function backupService(db: IDBPDatabase<TandemDB>): BackupService {
  return {
    exportAll: (options) => exportAll(db, options),
    importFile: (file, mode) => importInWorker(file, mode),
  };
}
