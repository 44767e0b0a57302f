import { describe, expect, it } from 'vitest';
import type { ChatProvider, GenerateRequest, StreamPart } from '../../core/provider';
import { wrapProvider } from '../../providers/middleware';
import { ContextBudgetState } from './context-budget.svelte';

function recorder(): { provider: ChatProvider; requests: GenerateRequest[] } {
  const requests: GenerateRequest[] = [];
  return {
    requests,
    provider: {
      kind: 'transformers',
      label: 'fake',
      async *stream(request: GenerateRequest): AsyncGenerator<StreamPart> {
        requests.push(request);
        yield { type: 'text-delta', text: 'ok' };
      },
    },
  };
}

const long = (n: number) => 'x'.repeat(n * 4);

async function drain(stream: AsyncIterable<StreamPart>): Promise<void> {
  for await (const _ of stream) void _;
}

describe('context budget for local models', () => {
  it('sends only the turns that fit the window and records a visible trim notice', async () => {
    const budget = new ContextBudgetState();
    const { provider, requests } = recorder();
    const wrapped = wrapProvider(provider, budget.policy('c1', { window: 1000, name: 'Tiny' }));
    await drain(
      wrapped.stream({
        messages: [
          { role: 'system', content: 'sys' },
          { role: 'user', content: long(400) },
          { role: 'assistant', content: long(400) },
          { role: 'user', content: 'latest question' },
        ],
        settings: { temperature: 0.7, topP: 0.9, maxTokens: 200 },
      }),
    );
    expect(requests[0]!.messages.map((m) => m.content)).toEqual(['sys', 'latest question']);
    expect(budget.lastTrim).toEqual({ conversationId: 'c1', trimmedCount: 2, windowTokens: 1000 });
  });

  it('keeps everything and clears the notice when the conversation fits', async () => {
    const budget = new ContextBudgetState();
    budget.lastTrim = { conversationId: 'c1', trimmedCount: 3, windowTokens: 1000 };
    const { provider, requests } = recorder();
    await drain(
      wrapProvider(provider, budget.policy('c1', { window: 1000, name: 'Tiny' })).stream({
        messages: [{ role: 'user', content: 'short' }],
        settings: { temperature: 0.7, topP: 0.9, maxTokens: 200 },
      }),
    );
    expect(requests[0]!.messages).toHaveLength(1);
    expect(requests[0]!.settings.maxTokens).toBe(200);
    expect(budget.lastTrim).toBeNull();
  });

  it('measures what the conversation takes of the window for the meter', () => {
    const budget = new ContextBudgetState();
    const m = budget.measure([{ role: 'user', content: long(96) }], 2048, 512);
    expect(m.usedTokens).toBe(100);
    expect(m.windowTokens).toBe(2048);
    expect(m.reservedOutputTokens).toBe(512);
  });
});
