import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../core/provider';
import { FOLD_HEADER, FOLD_INSTRUCTION, foldConversation } from './fold-prompt';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });
const system = (content: string): ChatMessage => ({ role: 'system', content });

describe('foldConversation', () => {
  it('passes a lone user message through as it is', () => {
    expect(foldConversation([user('  Translate to German: hello  ')])).toBe('Translate to German: hello');
  });

  it('folds a conversation into one input that ends with the instruction', () => {
    const text = foldConversation([user('Hi'), assistant('Hello! How can I help?'), user('Name a colour.')]);
    expect(text).toBe(
      `${FOLD_HEADER}\nUser: Hi\nAssistant: Hello! How can I help?\nUser: Name a colour.\n\n${FOLD_INSTRUCTION}`,
    );
  });

  it('puts the system prompt first, even with a single user message', () => {
    const text = foldConversation([system('Be brief.'), user('Why is the sky blue?')]);
    expect(text).toBe(`Be brief.\n\n${FOLD_HEADER}\nUser: Why is the sky blue?\n\n${FOLD_INSTRUCTION}`);
  });

  it('skips empty turns (e.g. an interrupted answer with no text)', () => {
    const text = foldConversation([user('One'), assistant(''), user('Two')]);
    expect(text).toBe(`${FOLD_HEADER}\nUser: One\nUser: Two\n\n${FOLD_INSTRUCTION}`);
  });

  it('drops the oldest turns first to fit, keeping the system prompt and the last message', () => {
    const messages = [
      system('Sys.'),
      user('a'.repeat(200)),
      assistant('b'.repeat(200)),
      user('c'.repeat(50)),
      assistant('d'.repeat(50)),
      user('last question'),
    ];
    const text = foldConversation(messages, { maxChars: 250 });
    expect(text.length).toBeLessThanOrEqual(250);
    expect(text.startsWith('Sys.\n\n')).toBe(true);
    expect(text).not.toContain('a'.repeat(10));
    expect(text).not.toContain('b'.repeat(10));
    expect(text).toContain(`User: ${'c'.repeat(50)}\nAssistant: ${'d'.repeat(50)}\nUser: last question`);
    expect(text.endsWith(FOLD_INSTRUCTION)).toBe(true);
  });

  it('keeps the end of a last message that alone is too long', () => {
    const long = `${'x'.repeat(500)} the actual question?`;
    const text = foldConversation([user('earlier'), assistant('reply'), user(long)], { maxChars: 120 });
    expect(text.length).toBeLessThanOrEqual(120);
    expect(text).toContain('User: x');
    expect(text).toContain('the actual question?');
    expect(text).not.toContain('earlier');
    const alone = foldConversation([user(long)], { maxChars: 30 });
    expect(alone).toBe(long.slice(-30));
  });
});
