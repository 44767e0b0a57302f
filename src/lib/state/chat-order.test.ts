import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConversationRepository } from '../db/conversations';
import { KeyValueRepository } from '../db/kv';
import { openAppDb } from '../db/schema';
import type { ChatProvider, StreamPart } from '../providers/types';
import { ChatState } from './chat.svelte';

const answer: StreamPart[] = [
  { type: 'text-delta', text: 'Paris' },
  {
    type: 'finish',
    reason: 'stop',
    usage: { inputTokens: 1, outputTokens: 1 },
    timings: { timeToFirstTokenMs: 1, totalMs: 1, tokensPerSecond: null },
  },
];

afterEach(() => vi.restoreAllMocks());

describe('ChatState message order', () => {
  it('a question and its answer made in the same millisecond are stored in order', async () => {
    // A fast machine (or fake-indexeddb) creates both in one millisecond: freeze the clock.
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    const db = await openAppDb(`chat-order-${Math.random()}`);
    const conversations = new ConversationRepository(db);
    const provider: ChatProvider = {
      kind: 'transformers',
      label: 'Local',
      async *stream() {
        yield* answer;
      },
    };
    const chat = new ChatState({
      conversations,
      kv: new KeyValueRepository(db),
      provider: () => ({ provider, model: { kind: 'transformers', id: 'local', label: 'Local' } }),
      generation: () => ({ temperature: 0, topP: 1, maxTokens: 8 }),
      systemPrompt: () => '',
      onError: (e) => {
        throw e;
      },
      onNotice: () => undefined,
    });
    await chat.init();
    for (const question of ['first', 'second', 'third']) await chat.send(question);
    const stored = await conversations.messages(chat.activeId!);
    expect(stored.map((m) => `${m.role}:${m.content}`)).toEqual([
      'user:first',
      'assistant:Paris',
      'user:second',
      'assistant:Paris',
      'user:third',
      'assistant:Paris',
    ]);
  });
});
