/**
 * Verify / repair of a stored model: each file against what the host says of it (size, and the
 * sha256 the Hugging Face Hub gives for large files: core/util/sha256.ts `hostSha256`), and a
 * check without the network against the sha256 recorded when the file arrived.
 */
import { hostSha256, sha256OfBlob } from '../../core/util/sha256';
import type { IndexedDbModelCache, StoredFileInfo } from './model-files';
import { MANIFEST_FILE } from './model-manifest';
import { readManifest } from './model-manifest-store';

/** What the host says of one file (a HEAD request): its size and its sha256, when it says them. */
export interface RemoteFileInfo {
  size: number | null;
  sha256: string | null;
}

export interface VerifyResult {
  checked: number;
  /** Files the host gave no size for. */
  unchecked: number;
  /** Files whose bytes were compared with a sha256 (the host's or the one recorded on arrival). */
  hashed: number;
  /** Files removed as broken (they download again on the next load). */
  removed: string[];
  /** Of `removed`: whole files whose bytes do not match their sha256 (damaged, not cut short). */
  damaged: string[];
  freed: number;
}

async function hashOf(cache: IndexedDbModelCache, key: string): Promise<string | null> {
  const data = await cache.dataOf(key);
  return data ? sha256OfBlob(data) : null;
}

/**
 * Checks every stored file of a model against what the host declares (`remoteOf`, a HEAD
 * request: Content-Length and the sha256 of `X-Linked-Etag`/`ETag`) and removes files that
 * differ: data short of the recorded size, a size other than the host's, or bytes whose sha256
 * is not the host's (or, when the host says none now, the one recorded on arrival: in the file's
 * record, or in the model's manifest). A file the host tells nothing about is kept if its own
 * data is whole. Removed files download again on the next load.
 */
export async function verifyModel(
  cache: IndexedDbModelCache,
  modelId: string,
  remoteOf: (key: string) => Promise<RemoteFileInfo>,
): Promise<VerifyResult> {
  // The manifest is Tandem's own record: the host has no such file to compare with.
  const files = (await cache.files(modelId)).filter((f) => f.file !== MANIFEST_FILE);
  const broken: StoredFileInfo[] = [];
  const damaged: string[] = [];
  const recorded = (await readManifest(modelId).catch(() => null))?.sha256 ?? {};
  let unchecked = 0;
  let hashed = 0;
  for (const f of files) {
    const remote = await remoteOf(f.key).catch((): RemoteFileInfo => ({ size: null, sha256: null }));
    if (remote.size === null) unchecked += 1;
    if (f.dataSize !== f.size || (remote.size !== null && remote.size !== f.size)) {
      broken.push(f);
      continue;
    }
    const expected = remote.sha256 ?? f.sha256 ?? recorded[f.file] ?? null;
    if (!expected) continue;
    hashed += 1;
    if ((await hashOf(cache, f.key)) !== expected) {
      broken.push(f);
      damaged.push(f.file);
    }
  }
  const freed = await cache.deleteKeys(broken.map((f) => f.key));
  return { checked: files.length, unchecked, hashed, removed: broken.map((f) => f.file), damaged, freed };
}

/** Stored files of a model whose bytes no longer match the sha256 recorded on arrival (no network). */
export async function damagedFiles(cache: IndexedDbModelCache, modelId: string): Promise<StoredFileInfo[]> {
  const out: StoredFileInfo[] = [];
  for (const f of await cache.files(modelId)) {
    if (f.sha256 && f.dataSize === f.size && (await hashOf(cache, f.key)) !== f.sha256) out.push(f);
  }
  return out;
}

/** HEAD of a stored file's URL on the host: its Content-Length and sha256 (null when not said). */
export async function headRemote(url: URL): Promise<RemoteFileInfo> {
  const response = await fetch(url, { method: 'HEAD', cache: 'no-store' });
  if (!response.ok) return { size: null, sha256: null };
  const length = Number(response.headers.get('content-length'));
  return {
    size: Number.isFinite(length) && length > 0 ? length : null,
    sha256: hostSha256(response.headers),
  };
}
