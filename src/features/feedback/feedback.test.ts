import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConversationRepository } from '../../platform/db/conversations';
import { FeedbackRepository } from '../../platform/db/feedback';
import { KeyValueRepository } from '../../platform/db/kv';
import { openAppDb } from '../../platform/db/schema';
import { HashEmbedder } from '../health/testing/hash-embedder';
import type { ChatProvider, StreamPart } from '../../core/provider';
import { ChatState } from '../chat';
import { FeedbackState } from './feedback.svelte';

const finish = (reason: 'stop' | 'length' | 'aborted'): StreamPart => ({
  type: 'finish',
  reason,
  usage: { inputTokens: 1, outputTokens: 1 },
  timings: { timeToFirstTokenMs: 1, totalMs: 1, tokensPerSecond: null },
});

async function setUp(runs: StreamPart[][]) {
  const db = await openAppDb(`feedback-state-${Math.random()}`);
  const conversations = new ConversationRepository(db);
  const kv = new KeyValueRepository(db);
  const embedder = new HashEmbedder();
  const feedback = new FeedbackState({
    repo: new FeedbackRepository(db),
    kv,
    embedder: () => embedder,
    embedderModel: () => 'hash',
    conversationOf: async (answer) => ({
      stored: await conversations.messages(answer.conversationId),
      systemPrompt: 'Be brief.',
      settings: { temperature: 0, topP: 1, maxTokens: 8 },
    }),
    onNotice: () => undefined,
  });
  await feedback.init();
  const provider: ChatProvider = {
    kind: 'transformers',
    label: 'Local',
    async *stream() {
      for (const part of runs.shift() ?? []) yield part;
    },
  };
  const chat = new ChatState({
    conversations,
    kv,
    provider: () => ({
      provider,
      model: { kind: 'transformers', id: 'local', label: 'Local', device: 'wasm' },
    }),
    generation: () => ({ temperature: 0, topP: 1, maxTokens: 8 }),
    systemPrompt: () => 'Be brief.',
    onError: (e) => {
      throw e;
    },
    onNotice: () => undefined,
    onSignal: (answer, signal) => feedback.signal(answer, signal),
  });
  await chat.init();
  return { chat, feedback };
}

describe('implicit feedback signals', () => {
  it('regenerating keeps the replaced answer in the feedback, with its snapshot and the signal', async () => {
    const { chat, feedback } = await setUp([
      [{ type: 'text-delta', text: 'first' }, finish('stop')],
      [{ type: 'text-delta', text: 'second' }, finish('stop')],
    ]);
    await chat.send('Name a colour');
    const first = chat.messages.at(-1)!;
    await feedback.give(first, { rating: 2 });
    await chat.regenerate();
    expect(chat.messages.map((m) => m.content)).toEqual(['Name a colour', 'second']);
    const kept = feedback.byId(first.id)!;
    expect(kept).toMatchObject({
      rating: 2,
      signals: ['regenerated'],
      model: { id: 'local', device: 'wasm' },
    });
    expect(kept.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Name a colour' },
      { role: 'assistant', content: 'first' },
    ]);
    expect(kept.settings).toEqual({ temperature: 0, topP: 1, maxTokens: 8 });
  });

  it('records continued and escalated answers', async () => {
    const { chat, feedback } = await setUp([
      [{ type: 'text-delta', text: 'cut' }, finish('length')],
      [{ type: 'text-delta', text: ' more' }, finish('stop')],
      [
        { type: 'text-delta', text: 'local' },
        { type: 'notice', notice: { kind: 'escalation', text: 'asked Claude', replacedText: 'local' } },
        { type: 'text-delta', text: 'claude' },
        finish('stop'),
      ],
    ]);
    await chat.send('Tell a story');
    await chat.continueAnswer();
    expect(feedback.byId(chat.messages.at(-1)!.id)?.signals).toEqual(['continued']);
    await chat.send('Explain tides');
    expect(feedback.byId(chat.messages.at(-1)!.id)?.signals).toEqual(['escalated']);
    expect(feedback.records).toHaveLength(2);
  });

  it('records a stopped answer', async () => {
    const { chat, feedback } = await setUp([]);
    const slow: ChatProvider = {
      kind: 'transformers',
      label: 'Local',
      async *stream({ signal }) {
        yield { type: 'text-delta', text: 'part' };
        await new Promise((resolve) => signal?.addEventListener('abort', resolve, { once: true }));
        yield finish('aborted');
      },
    };
    (chat as unknown as { deps: { provider: unknown } }).deps.provider = () => ({
      provider: slow,
      model: { kind: 'transformers', id: 'local', label: 'Local' },
    });
    const sending = chat.send('Write a long poem');
    await new Promise((r) => setTimeout(r, 20));
    chat.stop();
    await sending;
    expect(chat.messages.at(-1)?.status).toBe('stopped');
    expect(feedback.byId(chat.messages.at(-1)!.id)?.signals).toEqual(['stopped']);
  });
});

describe('few-shot memory and learned routing in the state', () => {
  it('uses curated examples of other conversations only, and nothing when turned off', async () => {
    const { chat, feedback } = await setUp([
      [{ type: 'text-delta', text: 'Paris' }, finish('stop')],
      [{ type: 'text-delta', text: 'bad' }, finish('stop')],
    ]);
    await chat.send('capital of france');
    await feedback.give(chat.messages.at(-1)!, { correction: 'Paris is the capital.' });
    await chat.send('bread recipe');
    await feedback.give(chat.messages.at(-1)!, { rating: 1 });
    const here = chat.activeId!;
    const messages = [{ role: 'user' as const, content: 'the capital of france?' }];
    const elsewhere = await feedback.prepareForLocal(messages, { conversationId: 'other' });
    expect(elsewhere.used.map((e) => e.prompt)).toEqual(['capital of france']);
    expect(elsewhere.messages.slice(0, 2)).toEqual([
      { role: 'user', content: 'capital of france' },
      { role: 'assistant', content: 'Paris is the capital.' },
    ]);
    // The same conversation already holds its examples; memory off adds nothing.
    expect((await feedback.prepareForLocal(messages, { conversationId: here })).used).toEqual([]);
    await feedback.updateSettings({ memory: false });
    expect(await feedback.prepareForLocal(messages, { conversationId: 'other' })).toEqual({
      messages,
      used: [],
    });
    // The workbench can ask for it explicitly either way.
    expect(
      (await feedback.prepareForLocal(messages, { conversationId: 'other', memory: true })).used,
    ).toHaveLength(1);
  });

  it('learned routing is off by default and forgets on reset', async () => {
    const { feedback } = await setUp([]);
    const base = {
      conversationId: 'c',
      createdAt: 1,
      status: 'complete' as const,
      role: 'assistant' as const,
    };
    for (let i = 0; i < 5; i++) {
      await feedback.give(
        {
          ...base,
          id: `m${i}`,
          content: 'meh',
          model: { kind: 'transformers', id: 'tiny', label: 'Tiny' },
          route: {
            target: 'local',
            kind: 'simple',
            category: 'greeting',
            label: 'local Tiny: greeting',
          } as never,
        },
        { rating: 2 },
      );
    }
    expect(feedback.localQuality('greeting', 'tiny')).toBeNull();
    await feedback.updateSettings({ learnRouting: true });
    expect(feedback.localQuality('greeting', 'tiny')).toMatchObject({ mean: 2, count: 5 });
    await new Promise((r) => setTimeout(r, 2));
    await feedback.resetLearning();
    expect(feedback.localQuality('greeting', 'tiny')).toBeNull();
  });
});
