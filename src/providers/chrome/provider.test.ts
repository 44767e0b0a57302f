/** Chrome's built-in model provider against the fake `LanguageModel` (the Prompt API IDL). */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GENERATION_SETTINGS, type StreamPart } from '../../core/provider';
import { getLanguageModel } from './prompt-api';
import { ChromeProvider, chromeModelAvailability, prepareChromeModel, toPrompt } from './provider';
import { installFakeLanguageModel, type FakeLanguageModelOptions } from './testing/fake-language-model';

const scope = globalThis as unknown as Record<string, unknown>;
afterEach(() => {
  delete scope.LanguageModel;
  delete scope.__fakeLanguageModel;
});

function install(options: FakeLanguageModelOptions): ReturnType<typeof installFakeLanguageModel> {
  return installFakeLanguageModel({ chunkDelayMs: 1, downloadStepMs: 1, ...options });
}

async function ask(
  content: string,
  signal?: AbortSignal,
  onPart?: (p: StreamPart) => void,
): Promise<StreamPart[]> {
  const provider = new ChromeProvider();
  const parts: StreamPart[] = [];
  const request = {
    messages: [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'Earlier question' },
      { role: 'assistant' as const, content: 'Earlier answer' },
      { role: 'user' as const, content },
    ],
    settings: DEFAULT_GENERATION_SETTINGS,
  };
  for await (const part of provider.stream(signal ? { ...request, signal } : request)) {
    parts.push(part);
    onPart?.(part);
  }
  return parts;
}
const text = (parts: StreamPart[]): string =>
  parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');

describe('Chrome built-in model', () => {
  it('is absent where the Prompt API does not exist', async () => {
    expect(getLanguageModel()).toBeNull();
    expect(await chromeModelAvailability()).toBeNull();
    const parts = await ask('Hi');
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'model-load-failed' } });
  });

  it('reports each availability state', async () => {
    for (const state of ['unavailable', 'downloadable', 'downloading', 'available'] as const) {
      install({ availability: state });
      expect(await chromeModelAvailability()).toBe(state);
    }
  });

  it('downloads with progress 0 → 1 and becomes available', async () => {
    const control = install({ availability: 'downloadable' });
    const seen: number[] = [];
    await prepareChromeModel((f) => seen.push(f));
    expect(seen).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(await chromeModelAvailability()).toBe('available');
    expect(control.destroyed).toBe(1);
  });

  it('an aborted download is a Stop, not a failure', async () => {
    install({ availability: 'downloadable', downloadStepMs: 50 });
    const controller = new AbortController();
    const pending = prepareChromeModel(() => controller.abort(), controller.signal);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('streams an answer with the conversation as initial prompts, and reports the context usage', async () => {
    const control = install({ availability: 'available' });
    const parts = await ask('What is a tandem?');
    expect(text(parts)).toBe('Built-in (fake) answer to: What is a tandem?');
    expect(control.prompts).toEqual([
      {
        initialPrompts: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Earlier question' },
          { role: 'assistant', content: 'Earlier answer' },
        ],
        input: 'What is a tandem?',
      },
    ]);
    const finish = parts.at(-1)!;
    expect(finish).toMatchObject({ type: 'finish', reason: 'stop' });
    if (finish.type !== 'finish') return;
    expect(finish.usage.inputTokens).toBeGreaterThan(10); // initial prompts + the prompt, as the session counted
    expect(finish.usage.outputTokens).toBe(8); // one per streamed chunk in the fake's count
    expect(control.destroyed).toBe(1);
  });

  it('Stop keeps the text and finishes aborted; the session is destroyed', async () => {
    const control = install({ availability: 'available', holdAfterChunks: 2 });
    const controller = new AbortController();
    const parts = await ask('Tell me more', controller.signal, (p) => {
      if (p.type === 'text-delta' && text([p]).startsWith('(fake)')) controller.abort();
    });
    expect(text(parts)).toBe('Built-in (fake) ');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', reason: 'aborted' });
    expect(control.destroyed).toBe(1);
  });

  it('an input beyond the context window is context-window-exceeded before generating', async () => {
    install({ availability: 'available', contextWindow: 40 });
    const parts = await ask('x'.repeat(400));
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'context-window-exceeded' } });
  });

  it('unavailable says what the device needs', async () => {
    install({ availability: 'unavailable' });
    const parts = await ask('Hi');
    expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'model-load-failed' } });
    expect(parts[0]!.type === 'error' && parts[0]!.error.message).toContain('22 GB');
  });

  it('a failure mid-answer keeps the partial text', async () => {
    install({ availability: 'available', failPromptWith: 'UnknownError' });
    const parts = await ask('Hi');
    expect(text(parts)).toBe('Built-in ');
    expect(parts.at(-1)).toMatchObject({
      type: 'error',
      error: { code: 'generation-failed', details: { domException: 'UnknownError' } },
    });
  });

  it('puts every system message first, as the API requires', () => {
    expect(
      toPrompt([
        { role: 'user', content: 'a' },
        { role: 'system', content: 's' },
        { role: 'user', content: 'b' },
      ]),
    ).toEqual({
      initialPrompts: [
        { role: 'system', content: 's' },
        { role: 'user', content: 'a' },
      ],
      prompt: 'b',
    });
  });
});
