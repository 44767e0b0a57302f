/**
 * GGUF files like every other model's: fetched from the model host in the Hub layout
 * (`<host><repo>/resolve/main/<file>`), stored whole in IndexedDB (`tandem-models`, keyed by Hub
 * path, so a mirror does not download again) and handed to llama.cpp as the Blobs IndexedDB keeps.
 * A finished file is never fetched again; a cut one restarts from its start. wllama's own OPFS cache
 * is not used.
 */
import type { IndexedDbModelCache } from '../../platform/db/model-files';
import { TandemError, abortError } from '../../core/errors';
import type { FileProgress } from '../../core/provider';
import type { GgufFileRef } from '../../platform/protocol/gguf';

export function ggufUrl(remoteHost: string, repo: string, file: string): string {
  const host = remoteHost.endsWith('/') ? remoteHost : `${remoteHost}/`;
  return `${host}${repo}/resolve/main/${file.split('/').map(encodeURIComponent).join('/')}`;
}

export interface FetchedFiles {
  blobs: Blob[];
  fromCache: number;
  downloaded: number;
}

async function download(
  url: string,
  file: string,
  onProgress: (p: FileProgress) => void,
  signal: AbortSignal,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal.aborted) throw abortError();
    throw new TandemError('network', `Downloading ${file} failed: the host is unreachable. Press Retry.`, {
      retryable: true,
      cause: error,
    });
  }
  if (response.status === 404) {
    throw new TandemError(
      'not-found',
      `The model host has no file ${file}. Check the repository and file name.`,
    );
  }
  if (!response.ok || !response.body) {
    throw new TandemError('network', `Downloading ${file} failed (HTTP ${response.status}). Press Retry.`, {
      retryable: true,
    });
  }
  const declared = Number(response.headers.get('content-length'));
  const total = Number.isFinite(declared) && declared > 0 ? declared : null;
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      onProgress({
        file,
        loadedBytes: loaded,
        totalBytes: total,
        percent: total ? Math.min(100, (loaded / total) * 100) : null,
        status: 'downloading',
      });
    }
  } catch (error) {
    if (signal.aborted) throw abortError();
    throw new TandemError(
      'network',
      `Downloading ${file} failed: the connection was cut. Press Retry; finished files are kept.`,
      { retryable: true, cause: error },
    );
  }
  const blob = new Blob(chunks as BlobPart[], { type: 'application/octet-stream' });
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (total !== null) headers['content-length'] = String(total);
  return new Response(blob, { headers });
}

/** Every file of a GGUF model (or adapter), from IndexedDB when stored there, else downloaded and stored. */
export async function fetchGgufFiles(
  ref: GgufFileRef,
  remoteHost: string,
  cache: IndexedDbModelCache,
  onProgress: (p: FileProgress) => void,
  signal: AbortSignal,
): Promise<FetchedFiles> {
  const out: FetchedFiles = { blobs: [], fromCache: 0, downloaded: 0 };
  for (const file of ref.files) {
    if (signal.aborted) throw abortError();
    const url = ggufUrl(remoteHost, ref.repo, file);
    let blob = await cache.blob(url);
    if (blob) {
      out.fromCache += 1;
      onProgress({ file, loadedBytes: blob.size, totalBytes: blob.size, percent: 100, status: 'cached' });
    } else {
      await cache.put(url, await download(url, file, onProgress, signal));
      blob = await cache.blob(url);
      if (!blob)
        throw new TandemError('network', `${file} could not be stored. Press Retry.`, { retryable: true });
      out.downloaded += 1;
      onProgress({ file, loadedBytes: blob.size, totalBytes: blob.size, percent: 100, status: 'done' });
    }
    out.blobs.push(blob);
  }
  return out;
}
