import { describe, expect, it } from 'vitest';
import type { KeyValueRepository } from '../db/kv';
import type { StoredMessage } from '../db/types';
import type { EmbeddingClient } from '../embeddings/client';
import { TandemError } from '../errors';
import { COACHING_HEADER, PROMPT_ONLY_COACHING } from '../health';
import { HashEmbedder } from '../health/testing/hash-embedder';
import type { ChatMessage } from '../providers/types';
import { HealthState, storedTurns } from './health.svelte';

class MemoryKv {
  readonly data = new Map<string, unknown>();
  async get<T>(key: string): Promise<T | undefined> {
    return this.data.get(key) as T | undefined;
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.data.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
}

/** The embedding client's surface over the deterministic hash embedder; can be made to fail. */
class FakeClient {
  readonly hash = new HashEmbedder();
  failLoad: TandemError | null = null;
  loads = 0;
  private ready = false;
  async load(): Promise<{ loadMs: number }> {
    this.loads++;
    if (this.failLoad) throw this.failLoad;
    this.ready = true;
    return { loadMs: 1 };
  }
  async embed(texts: string[]): Promise<Float32Array[]> {
    if (!this.ready) throw new TandemError('model-load-failed', 'not loaded');
    return this.hash.embed(texts);
  }
  dispose(): void {
    this.ready = false;
  }
}

function world() {
  const kv = new MemoryKv();
  const store = new Map<string, StoredMessage>();
  const client = new FakeClient();
  const make = (): HealthState =>
    new HealthState({
      kv: kv as unknown as KeyValueRepository,
      modelHost: () => 'http://hub.invalid/',
      messages: async (id) =>
        [...store.values()].filter((m) => m.conversationId === id).sort((a, b) => a.createdAt - b.createdAt),
      updateMessage: async (m) => void store.set(m.id, m),
      activeConversation: () => 'c1',
      isCached: async () => true,
      createEmbedder: () => client as unknown as EmbeddingClient,
    });
  let t = 0;
  const add = (role: 'user' | 'assistant', content: string): StoredMessage => {
    const m: StoredMessage = {
      id: `m${++t}`,
      conversationId: 'c1',
      role,
      content,
      createdAt: t,
      status: 'complete',
    };
    store.set(m.id, m);
    return m;
  };
  return { kv, store, client, make, add };
}

const SYSTEM: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }];

describe('storedTurns', () => {
  it('pairs each finished answer with the user message before it and skips failed answers', () => {
    const base = { conversationId: 'c', createdAt: 0 };
    const turns = storedTurns([
      { ...base, id: 'u1', role: 'user', content: 'a', status: 'complete' },
      { ...base, id: 'a1', role: 'assistant', content: '', status: 'error' },
      { ...base, id: 'u2', role: 'user', content: 'b', status: 'complete' },
      { ...base, id: 'a2', role: 'assistant', content: 'B', status: 'complete' },
    ]);
    expect(turns.map((t) => [t.user.id, t.assistant.id])).toEqual([['u2', 'a2']]);
  });
});

describe('HealthState', () => {
  it('scores a turn in one batch, stores embeddings and the report, and coaches the next prompt', async () => {
    const w = world();
    const health = w.make();
    await health.init();
    w.add('user', 'How do I fix the failing deployment?');
    const answer = w.add('assistant', 'Check the deployment logs for the failing step.');
    health.onAnswered(answer);
    await health.score('c1');
    const stored = w.store.get(answer.id)!;
    expect(stored.health?.turnIndex).toBe(0);
    expect(stored.embedding?.model).toBe(health.prefs.model);
    expect(w.store.get('m1')!.embedding?.vector).toBeInstanceOf(Float32Array);
    // Prototypes once, then the turn's two texts together.
    expect(w.client.hash.calls.slice(1).map((c) => c.texts.length)).toEqual([2]);

    const prepared = await health.prepareMessages('c1', SYSTEM);
    expect(prepared[0]!.content).toContain(COACHING_HEADER);
    const annotated = health.annotate({ ...answer, id: 'next' });
    expect(prepared[0]!.content.endsWith(annotated.coaching!)).toBe(true);
  });

  it('after a reload rebuilds from stored embeddings and embeds only the new turn', async () => {
    const w = world();
    const first = w.make();
    await first.init();
    w.add('user', 'Tell me about the deployment plan');
    w.add('assistant', 'The deployment plan has three stages.');
    await first.score('c1');
    const callsBefore = w.client.hash.calls.length;

    const second = w.make();
    await second.init();
    const coached = await second.prepareMessages('c1', SYSTEM);
    expect(coached[0]!.content).toContain(COACHING_HEADER);
    expect(w.client.hash.calls.length).toBe(callsBefore);
    w.add('user', 'And the rollback plan?');
    w.add('assistant', 'Rollback restores the previous release.');
    await second.score('c1');
    expect(w.client.hash.calls.slice(callsBefore).map((c) => c.texts)).toEqual([
      ['And the rollback plan?', 'Rollback restores the previous release.'],
    ]);
    expect(w.store.get('m4')!.health?.turnIndex).toBe(1);
  });

  it('a model that cannot load leaves chat alone, says why, and Retry scores what was missed', async () => {
    const w = world();
    w.client.failLoad = new TandemError('not-found', 'The model host has no file for it.');
    const health = w.make();
    await health.init();
    w.add('user', 'Does chat still work?');
    const answer = w.add('assistant', 'Yes, chat still works.');
    await expect(health.prepareMessages('c1', SYSTEM)).resolves.toEqual(SYSTEM);
    await health.score('c1');
    expect(health.status).toBe('error');
    expect(health.error?.message).toContain('could not load');
    expect(w.store.get(answer.id)!.health).toBeUndefined();

    w.client.failLoad = null;
    await health.retry();
    expect(health.status).toBe('ready');
    expect(w.store.get(answer.id)!.health).toBeDefined();
  });

  it('prompt-only mode injects the fixed, labelled text without any model; off injects nothing', async () => {
    const w = world();
    const health = w.make();
    await health.init();
    await health.setMode('prompt-only');
    const prepared = await health.prepareMessages('c1', SYSTEM);
    expect(prepared[0]!.content).toBe(`Be brief.\n\n${PROMPT_ONLY_COACHING}`);
    w.add('user', 'hi');
    const answer = w.add('assistant', 'hello');
    expect(health.annotate(answer).coaching).toBe(PROMPT_ONLY_COACHING);
    health.onAnswered(answer);
    await health.score('c1');
    expect(w.store.get(answer.id)!.health).toBeUndefined();

    await health.setMode('off');
    expect(await health.prepareMessages('c1', SYSTEM)).toEqual(SYSTEM);
  });

  it('rejects invalid thresholds with the reasons and resets to defaults', async () => {
    const w = world();
    const health = w.make();
    await health.init();
    const errors = await health.setTrackerSettings({ ...health.prefs.tracker, windowSize: -1 });
    expect(errors.length).toBeGreaterThan(0);
    await health.resetTrackerSettings();
    expect(health.prefs.tracker.windowSize).toBeGreaterThan(0);
  });
});
