import { describe, expect, it } from 'vitest';
import { completionPrompt } from './completion-prompt';

describe('text completion prompt', () => {
  it('is the text to continue: system prompts left out, answers appended as they came', () => {
    expect(
      completionPrompt([
        { role: 'system', content: 'You are Tandem.' },
        { role: 'user', content: 'Once upon a time' },
      ]),
    ).toBe('Once upon a time');
    expect(
      completionPrompt([
        { role: 'user', content: 'Once upon a time' },
        { role: 'assistant', content: ', there was a girl.' },
        { role: 'user', content: 'One day' },
      ]),
    ).toBe('Once upon a time, there was a girl.\nOne day');
  });
});
