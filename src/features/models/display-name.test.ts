import { describe, expect, it } from 'vitest';
import { distinctDisplayNames, modelDisplayName } from './display-name';

describe('modelDisplayName: one name per model, from any id a record holds', () => {
  it('names a built-in transformers.js model by its card label, from its id or its repo', () => {
    expect(modelDisplayName('qwen2.5-0.5b-instruct')).toBe('Qwen2.5 0.5B Instruct');
    expect(modelDisplayName('onnx-community/Qwen2.5-0.5B-Instruct')).toBe('Qwen2.5 0.5B Instruct');
  });

  it('names a model added by Hub id as its card does, in both forms records use', () => {
    expect(modelDisplayName('custom:tandem-test/tiny-chat')).toBe('tiny-chat');
    expect(modelDisplayName('tandem-test/tiny-chat')).toBe('tiny-chat');
  });

  it('names GGUF models by catalog label, and an added one by its file', () => {
    expect(modelDisplayName('gguf:stories260K')).toBe('TinyStories 260K (text completion)');
    expect(modelDisplayName('gguf:someone/models/sub/tiny-Q4_0.gguf')).toBe('tiny-Q4_0.gguf');
    expect(modelDisplayName('gguf:someone/models/big-00001-of-00002.gguf')).toBe('big (2 parts)');
  });

  it('names a WebLLM model as its card does: family and quantization', () => {
    expect(modelDisplayName('Qwen3-1.7B-q4f16_1-MLC')).toBe('Qwen3 1.7B (q4f16_1)');
  });

  it('says where a remote model runs, and leaves ids it cannot place as they are', () => {
    expect(modelDisplayName('server:llama3.1:8b')).toBe('your server: llama3.1:8b');
    expect(modelDisplayName('chrome:built-in')).toBe("Chrome's built-in model");
    expect(modelDisplayName('claude:claude-haiku-4-5')).toBe('claude-haiku-4-5');
    expect(modelDisplayName('claude-sonnet-5-5')).toBe('claude-sonnet-5-5');
    expect(modelDisplayName('Xenova/all-MiniLM-L6-v2')).toBe('all-MiniLM-L6-v2');
    expect(modelDisplayName('ends-with/')).toBe('ends-with/');
  });

  it('shows an id it cannot place whole, never a cut piece of it (a damaged or hostile value)', () => {
    const hostile = '<a href="#" onclick="window.__hostile=8">x</a> model';
    expect(modelDisplayName(hostile)).toBe(hostile);
    expect(modelDisplayName(`custom:${hostile}`)).toBe(`custom:${hostile}`);
    expect(modelDisplayName(`gguf:${hostile}/a/b.gguf`)).toBe(`gguf:${hostile}/a/b.gguf`);
  });
});

describe('distinctDisplayNames', () => {
  it('adds the id only where two models would read the same', () => {
    const names = distinctDisplayNames([
      'custom:tandem-test/tiny-chat',
      'tandem-test/tiny-chat',
      'gguf:stories260K',
    ]);
    expect([...names.values()]).toEqual([
      'tiny-chat (custom:tandem-test/tiny-chat)',
      'tiny-chat (tandem-test/tiny-chat)',
      'TinyStories 260K (text completion)',
    ]);
  });
});
