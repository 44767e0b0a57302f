import { describe, expect, it } from 'vitest';
import { chatTaskOf, foldBudgetChars, isCompletionModel, pipelineInput } from './chat-task';
import { FOLD_INSTRUCTION } from './fold-prompt';

describe('chatTaskOf', () => {
  it('runs encoder-decoders (T5 family, or any config saying so) with text2text-generation', () => {
    expect(chatTaskOf({ model_type: 't5' })).toBe('text2text-generation');
    expect(chatTaskOf({ model_type: 'mt5' })).toBe('text2text-generation');
    expect(chatTaskOf({ model_type: 'something-new', is_encoder_decoder: true })).toBe(
      'text2text-generation',
    );
  });

  it('runs everything else with text-generation', () => {
    expect(chatTaskOf({ model_type: 'llama' })).toBe('text-generation');
    expect(chatTaskOf({ model_type: 'qwen2', is_encoder_decoder: false })).toBe('text-generation');
    expect(chatTaskOf({})).toBe('text-generation');
  });
});

describe('pipelineInput', () => {
  const messages = [
    { role: 'user' as const, content: 'Hi' },
    { role: 'assistant' as const, content: 'Hello' },
    { role: 'user' as const, content: 'Bye' },
  ];

  it('passes the messages to a decoder-only model and folds them for an encoder-decoder', () => {
    expect(pipelineInput('text-generation', messages)).toBe(messages);
    const folded = pipelineInput('text2text-generation', messages, 512);
    expect(typeof folded).toBe('string');
    expect(folded).toContain('User: Hi\nAssistant: Hello\nUser: Bye');
    expect((folded as string).endsWith(FOLD_INSTRUCTION)).toBe(true);
  });

  it("sizes the fold from the tokenizer's window, with a T5 default for a missing or huge one", () => {
    expect(foldBudgetChars(512)).toBe(2048);
    expect(foldBudgetChars(undefined)).toBe(2048);
    expect(foldBudgetChars(1e30)).toBe(2048);
    const long = [{ role: 'user' as const, content: 'a'.repeat(100) }, ...messages];
    expect((pipelineInput('text2text-generation', long, 20) as string).length).toBeLessThanOrEqual(80);
  });
});

describe('text-completion models (no chat template)', () => {
  it('are decoders whose tokenizer has no template; encoder-decoders and templated decoders are not', () => {
    expect(isCompletionModel('text-generation', null)).toBe(true);
    expect(isCompletionModel('text-generation', undefined)).toBe(true);
    expect(isCompletionModel('text-generation', '  ')).toBe(true);
    expect(isCompletionModel('text-generation', {})).toBe(true);
    expect(isCompletionModel('text-generation', '{{ messages }}')).toBe(false);
    expect(isCompletionModel('text-generation', { default: '{{ messages }}' })).toBe(false);
    expect(isCompletionModel('text2text-generation', null)).toBe(false);
  });

  it('get the conversation as the text to continue', () => {
    const messages = [
      { role: 'system' as const, content: 'You are Tandem.' },
      { role: 'user' as const, content: 'Once upon a time' },
    ];
    expect(pipelineInput('text-generation', messages, 2048, true)).toBe('Once upon a time');
    expect(pipelineInput('text-generation', messages, 2048, false)).toBe(messages);
  });
});
