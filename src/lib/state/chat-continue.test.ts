import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConversationRepository } from '../db/conversations';
import { KeyValueRepository } from '../db/kv';
import { openAppDb } from '../db/schema';
import type { ChatMessage, ChatProvider, FinishReason, StreamPart } from '../providers/types';
import { CONTINUE_PROMPT, ChatState } from './chat.svelte';

function run(text: string, reason: FinishReason): StreamPart[] {
  return [
    { type: 'text-delta', text },
    {
      type: 'finish',
      reason,
      usage: { inputTokens: 5, outputTokens: 8 },
      timings: { timeToFirstTokenMs: 1, totalMs: 2, tokensPerSecond: null },
    },
  ];
}

/** A chat whose provider answers each request with the next of `runs`, recording what it was sent. */
async function chatAnswering(runs: StreamPart[][]): Promise<{ chat: ChatState; seen: ChatMessage[][] }> {
  const db = await openAppDb(`chat-continue-${Math.random()}`);
  const seen: ChatMessage[][] = [];
  const provider: ChatProvider = {
    kind: 'transformers',
    label: 'Local',
    async *stream({ messages }) {
      seen.push(messages);
      for (const part of runs.shift() ?? []) yield part;
    },
  };
  const chat = new ChatState({
    conversations: new ConversationRepository(db),
    kv: new KeyValueRepository(db),
    provider: () => ({ provider, model: { kind: 'transformers', id: 'local', label: 'Local' } }),
    generation: () => ({ temperature: 0, topP: 1, maxTokens: 8 }),
    systemPrompt: () => '',
    onError: () => undefined,
    onNotice: () => undefined,
  });
  await chat.init();
  return { chat, seen };
}

describe('ChatState: answers cut at the token limit', () => {
  it('marks an answer cut at max tokens with the limit it was cut at', async () => {
    const { chat } = await chatAnswering([run('The first half of', 'length')]);
    await chat.send('Tell me a story');
    expect(chat.messages.at(-1)).toMatchObject({ finishReason: 'length', maxTokens: 8, status: 'complete' });
  });

  it('a finished answer is not marked as cut', async () => {
    const { chat } = await chatAnswering([run('Done.', 'stop')]);
    await chat.send('Hi');
    expect(chat.messages.at(-1)).toMatchObject({ finishReason: 'stop' });
  });

  it('Continue appends to the same message; the model sees the cut answer and the request to go on', async () => {
    const { chat, seen } = await chatAnswering([
      run('The first half of', 'length'),
      run(' the story.', 'stop'),
    ]);
    await chat.send('Tell me a story');
    const cutId = chat.messages.at(-1)!.id;
    await chat.continueAnswer();
    expect(chat.messages).toHaveLength(2);
    expect(chat.messages.at(-1)).toMatchObject({
      id: cutId,
      content: 'The first half of the story.',
      finishReason: 'stop',
    });
    expect(seen[1]!.slice(-2)).toEqual([
      { role: 'assistant', content: 'The first half of' },
      { role: 'user', content: CONTINUE_PROMPT },
    ]);
  });

  it('does nothing when the last answer was not cut', async () => {
    const { chat, seen } = await chatAnswering([run('Done.', 'stop')]);
    await chat.send('Hi');
    await chat.continueAnswer();
    expect(seen).toHaveLength(1);
  });
});

describe('ChatState: text around a tool call', () => {
  it('text after a tool result starts a new paragraph instead of joining the sentence before it', async () => {
    const { chat } = await chatAnswering([
      [
        { type: 'text-delta', text: 'I will use the calculator.' },
        { type: 'tool-call', id: 't1', name: 'calculator', input: { expression: '6*7' } },
        { type: 'tool-result', id: 't1', name: 'calculator', output: '42', isError: false },
        ...run('It is 42.', 'stop'),
      ],
    ]);
    await chat.send('what is 6*7');
    expect(chat.messages.at(-1)?.content).toBe('I will use the calculator.\n\nIt is 42.');
  });
});
