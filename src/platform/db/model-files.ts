/**
 * Model weights and tokenizer files in IndexedDB.
 *
 * transformers.js asks its cache for a file by URL (`match`) and stores what it downloaded
 * (`put`). This store keys files by the Hub path (`{model}/resolve/{revision}/{file}`) rather
 * than the full URL, so switching to a mirror host does not download a model again. A file is
 * written only after it arrived whole (its bytes match the declared length); a cut download
 * leaves nothing behind that could look cached.
 *
 * It lives in its own database so the chat worker can open it without the app schema.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import * as v from 'valibot';
import { TandemError } from '../../core/errors';
import { hostSha256, sha256OfBlob } from '../../core/util/sha256';
import { describeIssues, modelFileSchema } from './records';
import { hubPathOf } from './hub-path';
import { MANIFEST_FILE, summarize, type ModelSummary, type StoredRow } from './model-manifest';

export const MODEL_DB_NAME = 'tandem-models';
const MODEL_DB_VERSION = 1;

export interface ModelFileRecord {
  key: string;
  modelId: string;
  file: string;
  size: number;
  contentType: string;
  data: Blob;
  storedAt: number;
  /** The sha256 the host gave for this file (`X-Linked-Etag` / `ETag`), checked on arrival. */
  sha256?: string;
}

interface ModelDB extends DBSchema {
  files: { key: string; value: ModelFileRecord; indexes: { 'by-model': string } };
}

export function openModelDb(): Promise<IDBPDatabase<ModelDB>> {
  return openDB<ModelDB>(MODEL_DB_NAME, MODEL_DB_VERSION, {
    upgrade(db) {
      const files = db.createObjectStore('files', { keyPath: 'key' });
      files.createIndex('by-model', 'modelId');
    },
  });
}

/** A stored file record that does not match the schema, found by `findInvalid`. */
export interface InvalidModelFile {
  key: IDBValidKey;
  record: unknown;
  reason: string;
}

const isValidFile = (record: unknown): record is ModelFileRecord => v.is(modelFileSchema, record);

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
}

export interface StoredFileInfo {
  key: string;
  file: string;
  /** Size recorded when stored. */
  size: number;
  /** Size of the stored data. */
  dataSize: number;
  /** The host's sha256 recorded when it was stored, if the host gave one. */
  sha256?: string;
}

/** The transformers.js `CacheInterface`, backed by IndexedDB. */
export class IndexedDbModelCache {
  private dbPromise: Promise<IDBPDatabase<ModelDB>> | null = null;
  /** Files read from / written to this cache since the last `resetStats` (a load reports them). */
  readonly stats = {
    hits: new Set<string>(),
    stores: new Set<string>(),
    /** A write failed for lack of storage (transformers.js may swallow the error itself). */
    quotaExceeded: null as TandemError | null,
    /** A download arrived with bytes that do not match the host's sha256 (not stored). */
    damaged: null as TandemError | null,
  };

  resetStats(): void {
    this.stats.hits.clear();
    this.stats.stores.clear();
    this.stats.quotaExceeded = null;
    this.stats.damaged = null;
  }

  /** Files that came from the cache without being downloaded first in this load. */
  get filesFromCache(): number {
    return [...this.stats.hits].filter((key) => !this.stats.stores.has(key)).length;
  }

  private db(): Promise<IDBPDatabase<ModelDB>> {
    this.dbPromise ??= openModelDb();
    return this.dbPromise;
  }

  /** A stored whole file's record; one cut short (an interrupted old write) is removed, to download again. */
  private async whole(request: string): Promise<ModelFileRecord | undefined> {
    const path = hubPathOf(request);
    if (!path) return undefined;
    const record = await (await this.db()).get('files', path.key);
    if (!record || !isValidFile(record)) return undefined;
    if (record.data.size !== record.size) {
      await this.delete(request);
      return undefined;
    }
    this.stats.hits.add(path.key);
    return record;
  }

  async match(request: string): Promise<Response | undefined> {
    const record = await this.whole(request);
    if (!record) return undefined;
    const headers = { 'content-type': record.contentType, 'content-length': String(record.size) };
    return new Response(record.data, { status: 200, headers });
  }

  /** A whole stored file as the Blob IndexedDB keeps (not read into memory), for the GGUF engine. */
  async blob(request: string): Promise<Blob | undefined> {
    return (await this.whole(request))?.data;
  }

  async put(request: string, response: Response): Promise<void> {
    const path = hubPathOf(request);
    if (!path) return;
    const data = await response.blob();
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > 0 && declared !== data.size) {
      throw new TandemError(
        'network',
        `The download of ${path.file} was incomplete (${data.size} of ${declared} bytes). Try again.`,
        { retryable: true },
      );
    }
    // Hashed here, in the worker that downloads, before anything is stored.
    const sha256 = hostSha256(response.headers);
    if (sha256 && (await sha256OfBlob(data)) !== sha256) {
      // transformers.js swallows a failed cache write: the engine reads this after the load.
      throw (this.stats.damaged = new TandemError(
        'damaged-file',
        `The download of ${path.file} arrived damaged (its bytes do not match the host's sha256). Try again.`,
        { retryable: true, details: { files: path.file } },
      ));
    }
    const record: ModelFileRecord = {
      key: path.key,
      modelId: path.modelId,
      file: path.file,
      size: data.size,
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      data,
      storedAt: Date.now(),
      ...(sha256 ? { sha256 } : {}),
    };
    try {
      await (await this.db()).put('files', record);
      this.stats.stores.add(path.key);
    } catch (error) {
      if (isQuotaError(error)) {
        throw (this.stats.quotaExceeded = new TandemError(
          'quota-exceeded',
          `Not enough storage to keep ${path.modelId}. Free space on the Models page or in the browser, then try again.`,
          { cause: error },
        ));
      }
      throw error;
    }
  }

  async delete(request: string): Promise<boolean> {
    const path = hubPathOf(request);
    if (!path) return false;
    await (await this.db()).delete('files', path.key);
    return true;
  }

  async summaries(): Promise<ModelSummary[]> {
    const db = await this.db();
    const rows: StoredRow[] = [];
    let cursor = await db.transaction('files').store.openCursor();
    while (cursor) {
      if (isValidFile(cursor.value)) {
        const { modelId, size, file, data } = cursor.value;
        rows.push({ modelId, size, file, data: file === MANIFEST_FILE ? data : null });
      }
      cursor = await cursor.continue();
    }
    return summarize(rows);
  }

  /** The stored files of a model (without their data). */
  async files(modelId: string): Promise<StoredFileInfo[]> {
    const db = await this.db();
    const out: StoredFileInfo[] = [];
    let cursor = await db.transaction('files').store.index('by-model').openCursor(IDBKeyRange.only(modelId));
    while (cursor) {
      if (!isValidFile(cursor.value)) {
        cursor = await cursor.continue();
        continue;
      }
      const { key, file, size, data, sha256 } = cursor.value;
      out.push({ key, file, size, dataSize: data.size, ...(sha256 ? { sha256 } : {}) });
      cursor = await cursor.continue();
    }
    return out;
  }

  /** The recorded host sha256 of the given files of a model, by path (files without one left out). */
  async sha256Of(modelId: string, files: readonly string[]): Promise<Record<string, string>> {
    const wanted = new Set(files);
    const out: Record<string, string> = {};
    for (const f of await this.files(modelId)) if (f.sha256 && wanted.has(f.file)) out[f.file] = f.sha256;
    return out;
  }

  /** Records that do not match the file schema (skipped by every read), with what is wrong. */
  async findInvalid(): Promise<InvalidModelFile[]> {
    const db = await this.db();
    const out: InvalidModelFile[] = [];
    let cursor = await db.transaction('files').store.openCursor();
    while (cursor) {
      const result = v.safeParse(modelFileSchema, cursor.value);
      if (!result.success) {
        out.push({ key: cursor.primaryKey, record: cursor.value, reason: describeIssues(result.issues) });
      }
      cursor = await cursor.continue();
    }
    return out;
  }

  /** Removes records by primary key without reading them (for invalid records, once set aside). */
  async removeRecords(keys: IDBValidKey[]): Promise<void> {
    const db = await this.db();
    const tx = db.transaction('files', 'readwrite');
    for (const key of keys) await tx.store.delete(key as string);
    await tx.done;
  }

  /** Removes the given files; returns the bytes freed. */
  async deleteKeys(keys: Iterable<string>): Promise<number> {
    const db = await this.db();
    const tx = db.transaction('files', 'readwrite');
    let freed = 0;
    for (const key of keys) {
      const record = await tx.store.get(key);
      if (!record) continue;
      freed += record.size;
      await tx.store.delete(key);
    }
    await tx.done;
    return freed;
  }

  /** The stored data of one file by key (null when it is gone or not a valid record). */
  async dataOf(key: string): Promise<Blob | null> {
    const record = await (await this.db()).get('files', key);
    return record && isValidFile(record) ? record.data : null;
  }

  /** Removes every file of a model; returns the bytes freed. */
  async deleteModel(modelId: string): Promise<number> {
    const db = await this.db();
    const tx = db.transaction('files', 'readwrite');
    let freed = 0;
    let cursor = await tx.store.index('by-model').openCursor(IDBKeyRange.only(modelId));
    while (cursor) {
      freed += cursor.value.size;
      await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.done;
    return freed;
  }
}
