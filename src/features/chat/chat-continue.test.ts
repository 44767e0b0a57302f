import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ChatMessage, StreamPart } from '../../core/provider';
import { type ChatState } from './chat.svelte';
import { CONTINUE_PROMPT } from './chat-history';
import { answerParts, scriptedChat } from './testing/scripted-chat';

const run = answerParts;

/** A chat whose provider answers each request with the next of `runs`, recording what it was sent. */
async function chatAnswering(runs: StreamPart[][]): Promise<{ chat: ChatState; seen: ChatMessage[][] }> {
  const { chat, seen } = await scriptedChat(runs, { onError: () => undefined });
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
