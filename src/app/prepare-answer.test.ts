import { describe, expect, it } from 'vitest';
import { prepareAnswer } from './prepare-answer';
import type { ChatMessage } from '../core/provider';
import type { MessageSource } from '../core/stored';

const question: ChatMessage[] = [{ role: 'user', content: 'What is the harbour code?' }];
const source = { n: 1, documentName: 'notes.md' } as unknown as MessageSource;

describe('prepareAnswer', () => {
  it('puts coaching in first, gives the coached messages to the excerpts, and records both on the answer', async () => {
    const seenByExcerpts: ChatMessage[][] = [];
    const prepare = prepareAnswer({
      coach: async (_id, messages) => ({
        messages: [{ role: 'system', content: 'COACH' }, ...messages],
        coaching: 'COACH',
      }),
      excerpts: async (_id, messages) => {
        seenByExcerpts.push(messages);
        return { messages: [...messages, { role: 'system', content: 'EXCERPT' }], sources: [source] };
      },
    });
    const prepared = await prepare({ conversationId: 'c1', messages: question, stored: [] });
    expect(seenByExcerpts[0]!.map((m) => m.content)).toEqual(['COACH', 'What is the harbour code?']);
    expect(prepared.messages.map((m) => m.content)).toEqual([
      'COACH',
      'What is the harbour code?',
      'EXCERPT',
    ]);
    expect(prepared.recorded).toEqual({ coaching: 'COACH', sources: [source] });
  });

  it('records nothing when neither feature added anything', async () => {
    const prepare = prepareAnswer({
      coach: async (_id, messages) => ({ messages, coaching: null }),
      excerpts: async (_id, messages) => ({ messages, sources: null }),
    });
    const prepared = await prepare({ conversationId: 'c1', messages: question, stored: [] });
    expect(prepared).toEqual({ messages: question, recorded: {} });
  });

  it('answers of two conversations prepared at once each keep their own coaching', async () => {
    const prepare = prepareAnswer({
      coach: async (id, messages) => {
        await new Promise((r) => setTimeout(r, id === 'c1' ? 5 : 0));
        return { messages, coaching: `coaching of ${id}` };
      },
      excerpts: async (_id, messages) => ({ messages, sources: null }),
    });
    const [one, two] = await Promise.all([
      prepare({ conversationId: 'c1', messages: question, stored: [] }),
      prepare({ conversationId: 'c2', messages: question, stored: [] }),
    ]);
    expect(one.recorded?.coaching).toBe('coaching of c1');
    expect(two.recorded?.coaching).toBe('coaching of c2');
  });
});
