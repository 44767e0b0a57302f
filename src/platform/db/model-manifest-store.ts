/** Reads and writes a model's manifest (see model-manifest.ts) beside its files in IndexedDB. */
import { openModelDb, type ModelFileRecord } from './model-files';
import { MANIFEST_FILE, manifestKey, parseManifest, type ModelManifest } from './model-manifest';

export async function writeManifest(modelId: string, manifest: ModelManifest): Promise<void> {
  const data = new Blob([JSON.stringify(manifest)], { type: 'application/json' });
  const record: ModelFileRecord = {
    key: manifestKey(modelId),
    modelId,
    file: MANIFEST_FILE,
    size: data.size,
    contentType: 'application/json',
    data,
    storedAt: Date.now(),
  };
  const db = await openModelDb();
  try {
    await db.put('files', record);
  } finally {
    db.close();
  }
}

export async function readManifest(modelId: string): Promise<ModelManifest | null | undefined> {
  const db = await openModelDb();
  try {
    const record = await db.get('files', manifestKey(modelId));
    return record ? parseManifest(await record.data.text()) : undefined;
  } finally {
    db.close();
  }
}
