/** Messages between the page and import.worker.ts (one import per worker). */
import type { ChatImportRejection } from './parse';
import type { DuplicateMode } from './plan';

export interface ChatImportRequest {
  file: Blob;
  mode: DuplicateMode;
}

export type ChatImportResponse =
  | { ok: true; summary: string; conversations: number; messages: number }
  | { ok: false; code: ChatImportRejection | 'write-failed'; message: string };
