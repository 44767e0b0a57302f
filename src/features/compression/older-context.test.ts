import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../core/provider';
import { compressOlderContext, splitProtected, type TextCompressor } from './older-context';

/** Keeps every other word: a stand-in with LLMLingua-2's contract (text in, shorter text out). */
const halve: TextCompressor & { calls: string[][] } = {
  calls: [],
  async compress(texts) {
    this.calls.push(texts);
    return texts.map((t) =>
      t
        .split(/\s+/)
        .filter((_, i) => i % 2 === 0)
        .join(' '),
    );
  },
};

const prose = 'The garden notes say the tomatoes need more water in the hot afternoons of July.';

describe('splitProtected', () => {
  it('keeps fenced code blocks, inline code and short pieces; prose is compressible', () => {
    const text = `${prose}\n\`\`\`ts\nconst x = 1;\n\`\`\`\nUse \`npm ci\` then. ${prose}`;
    const pieces = splitProtected(text);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces.filter((p) => p.keep).map((p) => p.text)).toEqual(
      expect.arrayContaining(['```ts\nconst x = 1;\n```', '`npm ci`']),
    );
    expect(pieces.filter((p) => !p.keep).every((p) => !p.text.includes('const x'))).toBe(true);
    expect(splitProtected('short one')).toEqual([{ text: 'short one', keep: true }]);
  });
});

describe('compressOlderContext', () => {
  it('compresses only older prose: never the system prompt, the latest user message or code', async () => {
    halve.calls.length = 0;
    const code = '```python\nprint("keep me exactly")\n```';
    const messages: ChatMessage[] = [
      { role: 'system', content: `System: ${prose}` },
      { role: 'user', content: `${prose}\n${code}` },
      { role: 'assistant', content: `${prose} ${prose}` },
      { role: 'user', content: `Latest question: ${prose}` },
    ];
    const result = await compressOlderContext(messages, halve, 0.5);
    expect(result.messages[0]).toEqual(messages[0]);
    expect(result.messages[3]).toEqual(messages[3]);
    expect(result.messages[1]!.content).toContain(code);
    expect(result.messages[1]!.content.length).toBeLessThan(messages[1]!.content.length);
    expect(result.messages[2]!.content.length).toBeLessThan(messages[2]!.content.length);
    expect(result.tokensAfter).toBeLessThan(result.tokensBefore);
    expect(halve.calls).toHaveLength(1); // one batch
    expect(halve.calls[0]!.join(' ')).not.toContain('keep me exactly');
    expect(halve.calls[0]!.join(' ')).not.toContain('Latest question');
    expect(result.compressedText).toContain('assistant: ');
    expect(result.compressedText).not.toContain('Latest question');
  });

  it('with nothing older to compress, sends nothing to the model', async () => {
    halve.calls.length = 0;
    const messages: ChatMessage[] = [{ role: 'user', content: prose }];
    const result = await compressOlderContext(messages, halve, 0.5);
    expect(result).toMatchObject({ messages, compressedText: '' });
    expect(result.tokensAfter).toBe(result.tokensBefore);
    expect(halve.calls).toHaveLength(0);
  });
});
