/**
 * Which files can be attached, and their limits. A file is refused before it is read when it is
 * too large or of a type Tandem cannot read, with a message that says so (decided on the code).
 */
import { TandemError } from '../../core/errors';
import type { DocumentRecord } from '../../core/stored';

export type DocumentKind = DocumentRecord['type'];

/** Largest file read (the text of a 50 MB file is far more than any context holds). */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

/** What the file input accepts (extensions and MIME types). */
export const ACCEPTED_TYPES =
  '.txt,.md,.markdown,.html,.htm,.pdf,text/plain,text/markdown,text/html,application/pdf';

const BY_EXTENSION: Record<string, DocumentKind> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  pdf: 'pdf',
};

const BY_MIME: Record<string, DocumentKind> = {
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/pdf': 'pdf',
};

/** The kind of a file from its name (first) or MIME type; null when Tandem cannot read it. */
export function kindOf(name: string, mime = ''): DocumentKind | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return (ext && BY_EXTENSION[ext]) || BY_MIME[mime.split(';')[0]!.trim().toLowerCase()] || null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Checks a file before reading it; returns its kind or throws a TandemError that says why not. */
export function checkFile(file: { name: string; size: number; type?: string }): DocumentKind {
  const kind = kindOf(file.name, file.type);
  if (!kind) {
    throw new TandemError(
      'unsupported-file',
      `“${file.name}” is not a file Tandem can read. Attach .txt, .md, .html or .pdf files.`,
    );
  }
  if (file.size > MAX_DOCUMENT_BYTES) {
    throw new TandemError(
      'file-too-large',
      `“${file.name}” is ${formatBytes(file.size)}; the largest document Tandem reads is ${formatBytes(MAX_DOCUMENT_BYTES)}. Split it or attach the part you need.`,
      { details: { size: file.size, limit: MAX_DOCUMENT_BYTES } },
    );
  }
  return kind;
}

/** Text of a text file: UTF-8 (with or without a byte-order mark), else Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
