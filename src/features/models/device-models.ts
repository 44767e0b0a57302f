/**
 * The local models whose files are on this device, on every backend, for a quick switch (the chat's
 * model switcher): each with a stable key (`backend:id`), its one display name and the reference
 * that loads it. The loaded model is always among them.
 */
import type { LocalBackend } from '../../core/answering';
import type { LocalModel, LocalModelRef } from './local-model.svelte';

export interface DeviceModel {
  /** `backend:id`, unique across backends. */
  key: string;
  backend: LocalBackend;
  label: string;
  ref: LocalModelRef;
}

export const deviceModelKey = (backend: LocalBackend, id: string): string => `${backend}:${id}`;

function refId(ref: LocalModelRef): string {
  return ref.backend === 'webllm' ? ref.entry.modelId : ref.entry.id;
}

/** What is stored whole on this device now (after `refreshDeviceModels`), the loaded model first. */
export function deviceModels(local: LocalModel): DeviceModel[] {
  const refs: LocalModelRef[] = [
    ...local.transformers.entries
      .filter((e) => local.transformers.isCached(e))
      .map((entry): LocalModelRef => ({ backend: 'transformers', entry })),
    ...local.webllm.entries
      .filter((e) => local.webllm.isCached(e))
      .map((entry): LocalModelRef => ({ backend: 'webllm', entry })),
    ...local.gguf.entries
      .filter((e) => local.gguf.isCached(e))
      .map((entry): LocalModelRef => ({ backend: 'gguf', entry })),
  ];
  const loaded = local.loadedRef;
  const all = loaded ? [loaded, ...refs] : refs;
  const seen = new Set<string>();
  const out: DeviceModel[] = [];
  for (const ref of all) {
    const key = deviceModelKey(ref.backend, refId(ref));
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, backend: ref.backend, label: ref.entry.label, ref });
  }
  return out;
}

/** Reads again which models are stored (the WebLLM list only once its catalog is known). */
export async function refreshDeviceModels(local: LocalModel): Promise<void> {
  await Promise.all([
    local.transformers.refreshCached(),
    local.gguf.refreshCached(),
    local.webllm.entries.length > 0 ? local.webllm.refreshCached() : Promise.resolve(),
  ]);
}
