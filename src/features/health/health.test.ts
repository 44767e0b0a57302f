import { describe, expect, it } from 'vitest';
import type { KeyValueRepository } from '../../platform/db/kv';
import type { KvKey } from '../../platform/db/kv-keys';
import type { StoredMessage } from '../../core/stored';
import type { EmbeddingClient } from '../embeddings';
import { TandemError } from '../../core/errors';
import { COACHING_HEADER, PROMPT_ONLY_COACHING } from '.';
import { HashEmbedder } from './testing/hash-embedder';
import type { ChatMessage } from '../../core/provider';
import { HealthState } from './health.svelte';
import { storedTurns } from './stored-turns';

/** Keys by name, like the real repository: a registry key (`KV.*`) or a plain string. */
class MemoryKv {
  readonly data = new Map<string, unknown>();
  async get<T>(key: KvKey<T> | string): Promise<T | undefined> {
    return this.data.get(nameOf(key)) as T | undefined;
  }
  async set<T>(key: KvKey<T> | string, value: T): Promise<void> {
    this.data.set(nameOf(key), value);
  }
  async delete(key: KvKey<unknown> | string): Promise<void> {
    this.data.delete(nameOf(key));
  }
}
const nameOf = (key: KvKey<unknown> | string): string => (typeof key === 'string' ? key : key.name);

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

function world(options: { cached?: boolean; online?: boolean } = {}) {
  const kv = new MemoryKv();
  const screen = { active: 'c1' as string | null };
  const idle: (() => void)[] = [];
  const store = new Map<string, StoredMessage>();
  const client = new FakeClient();
  const reads = { count: 0 };
  const writes: string[][] = [];
  const make = (): HealthState =>
    new HealthState({
      kv: kv as unknown as KeyValueRepository,
      modelHost: () => 'http://hub.invalid/',
      messages: async (id) => {
        reads.count++;
        return [...store.values()]
          .filter((m) => m.conversationId === id)
          .sort((a, b) => a.createdAt - b.createdAt);
      },
      updateMessages: async (messages) => {
        writes.push(messages.map((m) => m.id));
        for (const m of messages) store.set(m.id, m);
      },
      activeConversation: () => screen.active,
      isCached: async () => options.cached ?? true,
      isOnline: () => options.online ?? true,
      whenIdle: (task) => void idle.push(task),
      createEmbedder: () => client as unknown as EmbeddingClient,
    });
  /** Runs what waits for idle time (the warm-up), as the browser would once the page is idle. */
  const runIdle = async (): Promise<void> => {
    await new Promise((r) => setTimeout(r, 0));
    for (const task of idle.splice(0)) task();
    await new Promise((r) => setTimeout(r, 0));
  };
  let t = 0;
  const add = (role: 'user' | 'assistant', content: string, conversationId = 'c1'): StoredMessage => {
    const m: StoredMessage = {
      id: `m${++t}`,
      conversationId,
      role,
      content,
      createdAt: t,
      status: 'complete',
    };
    store.set(m.id, m);
    return m;
  };
  return { kv, store, client, make, add, screen, runIdle, reads, writes };
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
    // Prototypes once, then the turn's two texts together, stored in one write.
    expect(w.client.hash.calls.slice(1).map((c) => c.texts.length)).toEqual([2]);
    expect(w.writes).toEqual([['m1', answer.id]]);

    const prepared = await health.prepareMessages('c1', SYSTEM);
    expect(prepared.messages[0]!.content).toContain(COACHING_HEADER);
    expect(prepared.coaching).toContain(COACHING_HEADER);
    expect(prepared.messages[0]!.content.endsWith(prepared.coaching!)).toBe(true);

    // The chat's held messages are enough once the scoring is done: storage is not read again.
    const readsBefore = w.reads.count;
    const held = [...w.store.values()];
    const again = await health.prepareMessages('c1', SYSTEM, held);
    expect(again.coaching).toBe(prepared.coaching);
    expect(w.reads.count).toBe(readsBefore);
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
    expect(coached.messages[0]!.content).toContain(COACHING_HEADER);
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
    await expect(health.prepareMessages('c1', SYSTEM)).resolves.toEqual({ messages: SYSTEM, coaching: null });
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
    expect(prepared.messages[0]!.content).toBe(`Be brief.\n\n${PROMPT_ONLY_COACHING}`);
    expect(prepared.coaching).toBe(PROMPT_ONLY_COACHING);
    w.add('user', 'hi');
    const answer = w.add('assistant', 'hello');
    health.onAnswered(answer);
    await health.score('c1');
    expect(w.store.get(answer.id)!.health).toBeUndefined();

    await health.setMode('off');
    expect(await health.prepareMessages('c1', SYSTEM)).toEqual({ messages: SYSTEM, coaching: null });
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

describe('HealthState: the embedder host and the scorer', () => {
  it('scores the cascade in the conversation the answer belongs to, not the one on screen', async () => {
    const w = world();
    const health = w.make();
    await health.init();
    await health.load();
    w.add('user', 'How do I fix the failing deployment?');
    w.add('assistant', 'Check the deployment logs for the failing step.');
    await health.score('c1');
    w.add('user', 'Plan a picnic for Sunday', 'c2');
    w.add('assistant', 'Bring sandwiches and a blanket.', 'c2');
    await health.score('c2');
    const question: ChatMessage[] = [{ role: 'user', content: 'How do I fix the failing deployment?' }];
    const answer = 'Check the deployment logs for the failing step.';

    const inC1 = await health.scoreForCascade(answer, question, 'c1');
    // The user switched to another conversation (or to none) while the answer was scored.
    w.screen.active = 'c2';
    expect(await health.scoreForCascade(answer, question, 'c1')).toEqual(inC1);
    w.screen.active = null;
    expect(await health.scoreForCascade(answer, question, 'c1')).toEqual(inC1);
    // In c1 the answer repeats an earlier turn; in c2's history it does not: scored differently.
    expect(inC1).not.toBeNull();
    expect(await health.scoreForCascade(answer, question, 'c2')).not.toEqual(inC1);
  });

  it('embeds the user message while the answer streams: at the end only the answer is left', async () => {
    const w = world();
    const health = w.make();
    await health.init();
    await health.load();
    const user = w.add('user', 'How do I roll back the release?');
    await health.prepareMessages('c1', [{ role: 'user', content: user.content }], [user]);
    await new Promise((r) => setTimeout(r, 0));
    await health.readyEmbedder()!.embed([user.content]); // the router asks for the same prompt
    w.add('assistant', 'Redeploy the previous tag and check the health page.');
    await health.score('c1');
    const texts = w.client.hash.calls.map((c) => c.texts);
    // The prototypes (once), the prompt (once, for health and the router), then the answer.
    expect(texts).toHaveLength(3);
    expect(texts.filter((t) => t.length === 1)).toEqual([
      ['How do I roll back the release?'],
      ['Redeploy the previous tag and check the health page.'],
    ]);
    expect(w.store.get(user.id)!.embedding?.vector).toBeInstanceOf(Float32Array);
    // After a reload, regenerating the answer: its question is stored with its vector and is not
    // embedded again.
    const reloaded = w.make();
    await reloaded.init();
    await reloaded.load();
    await reloaded.prepareMessages('c1', [{ role: 'user', content: user.content }], [w.store.get(user.id)!]);
    await new Promise((r) => setTimeout(r, 0));
    expect(w.client.hash.calls).toHaveLength(3);
  });

  it('warms a cached model up in idle time without embedding anything; an uncached one waits for use', async () => {
    const cached = world();
    const health = cached.make();
    await health.init();
    expect(health.status).toBe('idle');
    await cached.runIdle();
    await health.embedder.whenReady();
    expect(health.status).toBe('ready');
    expect(cached.client.hash.calls).toEqual([]);

    const uncached = world({ cached: false });
    const cold = uncached.make();
    await cold.init();
    await uncached.runIdle();
    expect(cold.status).toBe('idle');
    expect(uncached.client.loads).toBe(0);
  });

  it('offline, an uncached model is never downloaded: the strip says offline', async () => {
    const w = world({ cached: false, online: false });
    const health = w.make();
    await health.init();
    w.add('user', 'Hello offline');
    w.add('assistant', 'Hello.');
    await health.score('c1');
    expect(w.client.loads).toBe(0);
    expect(health.status).toBe('error');
    expect(health.error?.code).toBe('offline');
  });
});
