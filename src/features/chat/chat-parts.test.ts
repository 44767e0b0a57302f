import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ConversationRepository } from '../../platform/db/conversations';
import { AnswerMetricRepository } from '../../platform/db/answer-metrics';
import type { StreamPart } from '../../core/provider';
import type { ChatState } from './chat.svelte';
import { scriptedChat } from './testing/scripted-chat';

const finish: StreamPart = {
  type: 'finish',
  reason: 'stop',
  usage: { inputTokens: 5, outputTokens: 4 },
  timings: { timeToFirstTokenMs: 1, totalMs: 2, tokensPerSecond: null },
};

async function chatWith(
  parts: StreamPart[],
): Promise<{ chat: ChatState; repo: ConversationRepository; metrics: AnswerMetricRepository }> {
  const { chat, conversations, db } = await scriptedChat(
    () => parts,
    (db) => ({
      generation: () => ({ temperature: 0, topP: 1, maxTokens: 16 }),
      onError: () => undefined,
      metrics: new AnswerMetricRepository(db),
      localDevice: () => 'wasm',
    }),
  );
  // The repository holds no state of its own: a second one reads what the chat's wrote.
  return { chat, repo: conversations, metrics: new AnswerMetricRepository(db) };
}

describe('ChatState stream parts', () => {
  it('a fallback notice keeps the partial text in the notice, switches the model and starts the answer again', async () => {
    const { chat, repo, metrics } = await chatWith([
      { type: 'text-delta', text: 'partial local' },
      {
        type: 'notice',
        notice: {
          kind: 'fallback',
          text: 'Local failed; answering with Claude.',
          replacedText: 'partial local',
          model: { kind: 'claude', id: 'claude-x', label: 'Claude (claude-x)' },
        },
      },
      { type: 'text-delta', text: 'Claude answer' },
      finish,
    ]);
    await chat.send('hello');
    const [answer] = await repo.recentAnswers(1);
    expect(answer).toMatchObject({
      content: 'Claude answer',
      status: 'complete',
      model: { kind: 'claude', id: 'claude-x' },
      notices: [{ kind: 'fallback', replacedText: 'partial local' }],
    });
    // Both attempts are recorded: the local model that failed is not lost behind the fallback.
    const records = await metrics.forMessage(answer!.id);
    expect(records.map((r) => [r.attempt, r.modelId, r.backend, r.device, r.status])).toEqual([
      [0, 'local', 'transformers', 'wasm', 'error'],
      [1, 'claude-x', 'claude', null, 'ok'],
    ]);
    expect(records[1]).toMatchObject({
      inputTokens: 5,
      outputTokens: 4,
      conversationId: answer!.conversationId,
    });
    expect((await metrics.recent(10)).map((r) => r.id)).toEqual([`${answer!.id}:1`, `${answer!.id}:0`]);
  });

  it('tool calls and their results are stored on the message', async () => {
    const { chat, repo } = await chatWith([
      { type: 'tool-call', id: 't1', name: 'calculator', input: { expression: '6*7' } },
      { type: 'tool-result', id: 't1', name: 'calculator', output: '42', isError: false },
      { type: 'text-delta', text: 'It is 42.' },
      finish,
    ]);
    await chat.send('what is 6*7');
    const [answer] = await repo.recentAnswers(1);
    expect(answer?.toolEvents).toEqual([
      { id: 't1', name: 'calculator', input: { expression: '6*7' }, output: '42', isError: false },
    ]);
    expect(answer?.content).toBe('It is 42.');
  });

  it('an error after partial text keeps the partial text', async () => {
    const { chat, repo } = await chatWith([
      { type: 'text-delta', text: 'half an ans' },
      { type: 'error', error: { name: 'E', code: 'network', message: 'cut', retryable: true } },
    ]);
    await chat.send('tell me');
    const [answer] = await repo.recentAnswers(1);
    expect(answer).toMatchObject({ content: 'half an ans', status: 'error', error: { code: 'network' } });
  });

  it('thinking is stored apart from the answer text, and a refusal finish is a complete answer with its notice', async () => {
    const { chat, repo } = await chatWith([
      { type: 'thinking-delta', text: 'Let me ' },
      { type: 'thinking-delta', text: 'think.' },
      { type: 'notice', notice: { kind: 'refusal', text: 'Claude declined to answer this request.' } },
      { ...finish, reason: 'refusal' } as StreamPart,
    ]);
    await chat.send('something');
    const [answer] = await repo.recentAnswers(1);
    expect(answer).toMatchObject({
      content: '',
      thinking: 'Let me think.',
      status: 'complete',
      notices: [{ kind: 'refusal' }],
    });
  });
});
