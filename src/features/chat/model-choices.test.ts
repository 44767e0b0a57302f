import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { currentChoice, modelOptions, parseChoice, type ChoiceInput } from './model-choices';
import type { Target } from '../../core/route';
import { answerParts, scriptedChat } from './testing/scripted-chat';

const base: ChoiceInput = {
  strategy: 'hybrid',
  hasKey: true,
  claudeModel: 'claude-x',
  server: null,
  local: [
    { key: 'transformers:custom:o/tiny', label: 'tiny' },
    { key: 'gguf:gguf:stories', label: 'Stories' },
  ],
  loadedKey: 'transformers:custom:o/tiny',
  override: null,
};
const values = (input: Partial<ChoiceInput>): string[] =>
  modelOptions({ ...base, ...input }).map((o) => o.value);

describe('the model switcher', () => {
  it('offers Auto, the models on this device, Claude with a key and your server when set', () => {
    expect(values({ server: 'llama at host' })).toEqual([
      'auto',
      'local:transformers:custom:o/tiny',
      'local:gguf:gguf:stories',
      'claude',
      'server',
    ]);
    expect(values({ hasKey: false })).toEqual([
      'auto',
      'local:transformers:custom:o/tiny',
      'local:gguf:gguf:stories',
    ]);
  });

  it('never offers Claude under local only or private, nor your server under local only', () => {
    expect(values({ strategy: 'local-only', server: 'llama' })).not.toContain('claude');
    expect(values({ strategy: 'local-only', server: 'llama' })).not.toContain('server');
    expect(values({ strategy: 'private', server: 'llama' })).toEqual([
      'auto',
      'local:transformers:custom:o/tiny',
      'local:gguf:gguf:stories',
      'server',
    ]);
  });

  it('shows the choice in force: a local override names the loaded model', () => {
    expect(currentChoice({ ...base, override: 'local' })).toBe('local:transformers:custom:o/tiny');
    expect(currentChoice({ ...base, override: 'claude' })).toBe('claude');
    expect(currentChoice(base)).toBe('auto');
    // A choice that can no longer answer stays visible, marked so.
    const gone = modelOptions({ ...base, override: 'claude', hasKey: false });
    expect(gone.at(-1)).toEqual({ value: 'claude', label: 'Claude (not available now)', unavailable: true });
    expect(
      modelOptions({ ...base, override: 'local', loadedKey: null, local: [] }).map((o) => o.value),
    ).toEqual(['auto', 'claude', 'local']);
  });

  it('reads a choice as the override to store and the local model to load', () => {
    expect(parseChoice('auto')).toEqual({ override: null, loadKey: null });
    expect(parseChoice('claude')).toEqual({ override: 'claude', loadKey: null });
    expect(parseChoice('local:gguf:gguf:stories')).toEqual({
      override: 'local',
      loadKey: 'gguf:gguf:stories',
    });
  });
});

describe('a new chat with a model chosen', () => {
  it('starts its conversation with that choice, so the first answer is routed by it', async () => {
    const overrides: (Target | undefined)[] = [];
    let active: (() => Target | undefined) | null = null;
    const { chat } = await scriptedChat(() => answerParts('hi'), {
      provider: () => {
        overrides.push(active?.());
        return {
          provider: {
            kind: 'transformers',
            label: 'L',
            stream: async function* () {
              yield* answerParts('hi');
            },
          },
          model: { kind: 'transformers', id: 'l', label: 'L' },
        };
      },
    });
    active = () => chat.active?.routeOverride;
    chat.newChat.override = 'claude';
    await chat.send('Hello');
    expect(chat.active?.routeOverride).toBe('claude');
    expect(overrides).toEqual(['claude']);
    // Without a choice a new chat leaves it to the strategy.
    chat.newChat.override = null;
    await chat.newConversation();
    await chat.send('Again');
    expect(chat.active?.routeOverride).toBeUndefined();
  });
});
