/**
 * Turns transformers.js `progress_callback` events into per-file progress for the UI, and
 * counts which files came from the cache and which were downloaded.
 */
import type { FileProgress } from '../../core/provider';

export interface RawProgress {
  status: 'initiate' | 'download' | 'progress' | 'done' | 'ready' | string;
  name?: string;
  file?: string;
  progress?: number;
  loaded?: number;
  total?: number;
}

export class ProgressTracker {
  private readonly files = new Map<string, FileProgress & { sawBytes: boolean }>();

  constructor(private readonly onProgress: (progress: FileProgress) => void) {}

  update(raw: RawProgress): void {
    const file = raw.file;
    if (!file) return;
    const entry = this.files.get(file) ?? {
      file,
      loadedBytes: 0,
      totalBytes: null,
      percent: null,
      status: 'downloading' as const,
      sawBytes: false,
    };
    if (raw.status === 'progress') {
      entry.loadedBytes = raw.loaded ?? entry.loadedBytes;
      entry.totalBytes = raw.total ?? entry.totalBytes;
      entry.percent =
        typeof raw.progress === 'number'
          ? Math.min(100, raw.progress)
          : entry.totalBytes
            ? (100 * entry.loadedBytes) / entry.totalBytes
            : null;
      entry.sawBytes = true;
    } else if (raw.status === 'done') {
      entry.status = 'done';
      entry.percent = 100;
      if (entry.totalBytes === null && entry.loadedBytes) entry.totalBytes = entry.loadedBytes;
    } else if (raw.status !== 'initiate' && raw.status !== 'download') {
      return;
    }
    this.files.set(file, entry);
    const { sawBytes: _s, ...progress } = entry;
    this.onProgress(progress);
  }
}
