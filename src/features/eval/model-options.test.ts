import { describe, expect, it } from 'vitest';
import { resolveModelString } from './eval-models';
import { remoteModelStrings, workbenchModelOptions } from './model-options';

const none = { claude: null, server: null, chrome: false };
const server = {
  baseUrl: 'http://127.0.0.1:11434',
  models: ['llama3.1:8b', 'qwen2.5:7b'],
  model: 'qwen2.5:7b',
};

describe('the models the workbench offers', () => {
  it('local models only when nothing else is set', () => {
    expect(workbenchModelOptions(['a/b', 'c/d'], none)).toEqual(['a/b', 'c/d']);
  });

  it("every model discovered on the user's server as server:<id>, each once", () => {
    expect(remoteModelStrings({ ...none, server })).toEqual(['server:llama3.1:8b', 'server:qwen2.5:7b']);
    expect(workbenchModelOptions(['a/b'], { ...none, server })).toEqual([
      'a/b',
      'server:llama3.1:8b',
      'server:qwen2.5:7b',
    ]);
  });

  it('the chosen server model even before discovery listed it; nothing without a server URL', () => {
    expect(remoteModelStrings({ ...none, server: { ...server, models: [] } })).toEqual(['server:qwen2.5:7b']);
    expect(remoteModelStrings({ ...none, server: { ...server, baseUrl: '' } })).toEqual([]);
  });

  it('claude:<id> with a key, chrome:built-in where the Prompt API exists', () => {
    expect(remoteModelStrings({ claude: 'claude-haiku-4-5', server, chrome: true })).toEqual([
      'claude:claude-haiku-4-5',
      'server:llama3.1:8b',
      'server:qwen2.5:7b',
      'chrome:built-in',
    ]);
  });

  it('every offered remote string runs on its tier', () => {
    const sources = { transformers: [], webllm: [] };
    const refs = remoteModelStrings({ claude: 'claude-haiku-4-5', server, chrome: true }).map((m) =>
      resolveModelString(m, sources),
    );
    expect(refs).toEqual([
      { backend: 'claude', model: 'claude-haiku-4-5' },
      { backend: 'server', model: 'llama3.1:8b' },
      { backend: 'server', model: 'qwen2.5:7b' },
      { backend: 'chrome' },
    ]);
  });
});
