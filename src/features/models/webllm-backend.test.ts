import 'fake-indexeddb/auto';
import type { MLCEngine } from '@mlc-ai/web-llm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamPart } from '../../core/provider';
import { KeyValueRepository } from '../../platform/db/kv';
import { KV } from '../../platform/db/kv-keys';
import { openAppDb } from '../../platform/db/schema';
import { SettingsState } from '../../platform/settings.svelte';
import { smallerAlternative } from '../../providers/webllm/catalog';
import { TandemWebLLMHandler } from '../../providers/webllm/engine-host';
import { FakeMLCEngine, type FakeEngineOptions } from '../../providers/webllm/testing/fake-engine';
import { DeviceLostError } from '../../providers/webllm/testing/webllm-errors';
import { HardwareState } from './hardware.svelte';
import { WebLLMState } from './webllm-backend.svelte';

/**
 * `new Worker(...)` of WebLLM: our real worker handler (WebLLM's WebWorkerMLCEngineHandler) with
 * the project's fake MLC engine inside, over a structured-clone loopback, as in
 * providers/webllm/worker-bridge.test.ts. WebLLM's real page-side client talks to it.
 */
let engineOptions: FakeEngineOptions = {};
/** Runs inside the worker when the engine is asked to load (the page's status at that moment). */
let onReload: (() => void) | null = null;
const workers: LoopbackWorker[] = [];

/** The fake engine, telling the test when the worker is asked to load. */
class ConfigurableEngine extends FakeMLCEngine {
  override async reload(modelId: string | string[]): Promise<void> {
    onReload?.();
    await super.reload(modelId);
  }
}

class LoopbackWorker {
  onmessage: ((msg: unknown) => void) | null = null;
  terminated = false;
  readonly fake = new ConfigurableEngine({ ...engineOptions, loadedModelId: null });
  private readonly handler = new TandemWebLLMHandler();
  constructor() {
    this.handler.engine = this.fake as unknown as MLCEngine;
    this.handler.postMessage = (msg: unknown) => setTimeout(() => this.onmessage?.(structuredClone(msg)));
    workers.push(this);
  }
  postMessage(msg: unknown): void {
    setTimeout(() => this.handler.onmessage(structuredClone(msg)));
  }
  addEventListener(): void {}
  removeEventListener(): void {}
  terminate(): void {
    this.terminated = true;
  }
}

beforeEach(() => {
  vi.stubGlobal('Worker', LoopbackWorker);
  vi.stubGlobal('navigator', { onLine: true });
});
afterEach(() => {
  vi.unstubAllGlobals();
  workers.length = 0;
  engineOptions = {};
  onReload = null;
});

async function setUp() {
  const kv = new KeyValueRepository(await openAppDb(`webllm-${Math.random()}`));
  const hardware = new HardwareState(kv);
  await hardware.init();
  const settings = new SettingsState(kv);
  await settings.init();
  const state = new WebLLMState(settings, hardware);
  await state.loadCatalog();
  return { kv, hardware, settings, state };
}

async function answer(state: WebLLMState): Promise<string> {
  let out = '';
  for await (const part of state.provider!.stream({
    messages: [{ role: 'user', content: 'hi' }],
    settings: { temperature: 0, topP: 1, maxTokens: 8 },
  }) as AsyncIterable<StreamPart>) {
    if (part.type === 'text-delta') out += part.text;
  }
  return out;
}

describe('WebLLMState', () => {
  it('builds its catalog from WebLLM prebuilt model list', async () => {
    const { state } = await setUp();
    expect(state.catalogError).toBeNull();
    expect(state.catalog.length).toBeGreaterThan(0);
    expect(state.status).toBe('idle');
    expect(state.provider).toBeNull();
  });

  it('loads a model in the worker: loading, then ready with a provider that streams, and the choice saved', async () => {
    engineOptions = { script: { chunks: ['he', 'llo'] } };
    const { state, settings } = await setUp();
    const entry = state.catalog[0]!;
    const seen: string[] = [];
    onReload = () => seen.push(state.status);
    await state.load(entry);
    expect(seen).toEqual(['loading']);
    expect(state.status).toBe('ready');
    expect(state.active).toBe(entry);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.fake.loadedModelId).toBe(entry.modelId);
    expect(workers[0]!.fake.appConfig?.model_list.some((r) => r.model_id === entry.modelId)).toBe(true);
    expect(settings.current).toMatchObject({ webllmModelId: entry.modelId, localBackend: 'webllm' });
    expect(state.provider?.label).toBe(`${entry.label} (WebLLM, WebGPU)`);
    expect(await answer(state)).toBe('hello');

    state.unload();
    expect(state.status).toBe('idle');
    expect(state.provider).toBeNull();
    await vi.waitFor(() => expect(workers[0]!.terminated).toBe(true));
  });

  it('a device loss while loading ends in error, is remembered for this device, and names a smaller model', async () => {
    engineOptions = { failOnReload: new DeviceLostError() };
    const { state, kv, hardware } = await setUp();
    const entry = state.catalog.find((e) => smallerAlternative(state.catalog, e.modelId) !== null)!;
    await state.load(entry);
    expect(state.status).toBe('error');
    expect(state.error?.code).toBe('device-lost');
    expect(hardware.failures).toEqual([
      expect.objectContaining({ modelId: entry.modelId, kind: 'device-lost' }),
    ]);
    expect(await kv.get(KV.hardwareFailures)).toEqual(hardware.failures);
    expect(state.notice).toContain('lost the GPU (device lost)');
    expect(state.smaller).toBe(smallerAlternative(state.catalog, entry.modelId));
    expect(state.notice).toContain(`Try ${state.smaller!.label}.`);
  });
});
