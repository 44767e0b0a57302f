/**
 * Chrome's built-in model as the device tier in the router: the real RouterState, ClaudeState (on
 * fake-indexeddb) and LocalModel with the real ChromeModelState over the fake `LanguageModel`.
 * Hybrid gives it simple tasks, local-first every task first, private every task (on-device).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../core/answering';
import { TandemError } from '../../core/errors';
import type { StreamPart } from '../../core/provider';
import type { Strategy } from '../../core/route';
import { KeyValueRepository } from '../../platform/db/kv';
import { openAppDb } from '../../platform/db/schema';
import { getLanguageModel } from '../../providers/chrome/prompt-api';
import { installFakeLanguageModel } from '../../providers/chrome/testing/fake-language-model';
import { ClaudeState } from '../claude';
import { cEntry, setUp as setUpLocal } from '../models/testing/fake-backends';
import { RouterState } from './router.svelte';

const scope = globalThis as unknown as Record<string, unknown>;
afterEach(() => {
  delete scope.LanguageModel;
  delete scope.__fakeLanguageModel;
});

const CODE = 'Write a Python function that merges two sorted lists.';
const context = (prompt: string): AnswerContext => ({
  conversationId: 'c1',
  messages: [{ role: 'user', content: prompt }],
  stored: [],
});

async function setUp(strategy: Strategy, key: boolean) {
  const control = installFakeLanguageModel({ availability: 'available', chunkDelayMs: 1 });
  const claude = new ClaudeState(new KeyValueRepository(await openAppDb(`chrome-tier-${Math.random()}`)));
  await claude.init();
  await claude.update({ strategy, model: 'claude-haiku-4-5' });
  if (key) await claude.saveKey('sk-ant-chrome-tier-0000', 'session');
  const { local } = setUpLocal({ chromeApi: getLanguageModel() });
  await local.load({ backend: 'chrome', entry: cEntry });
  const router = new RouterState({
    claude,
    local: (ctx) => local.view(ctx.conversationId),
    activeConversation: () => undefined,
    searchHistory: async () => [],
    scoreAnswer: async () => null,
    isOnline: () => true,
  });
  /** Where the prompt goes: the route's target and label, the model, and the answer's text. */
  const ask = async (prompt: string) => {
    const ctx = context(prompt);
    const resolved = await router.resolve(ctx);
    if (resolved instanceof TandemError) throw resolved;
    const route = resolved.route!;
    let text = '';
    if (route.target === 'local') {
      for await (const part of resolved.provider.stream({
        messages: ctx.messages,
        settings: { temperature: 0, topP: 1, maxTokens: 32 },
      }) as AsyncIterable<StreamPart>) {
        if (part.type === 'text-delta') text += part.text;
      }
    }
    return { target: route.target, label: route.label, model: resolved.model, text };
  };
  return { ask, control };
}

describe("the router with Chrome's built-in model as the device tier", () => {
  it('hybrid: simple tasks to the built-in model, named in the label; complex ones to Claude', async () => {
    const { ask, control } = await setUp('hybrid', true);
    const hi = await ask('hi there');
    expect(hi).toMatchObject({
      target: 'local',
      label: 'local Gemini Nano (Chrome built-in): greeting',
      model: { kind: 'chrome', id: 'built-in', label: "Chrome's built-in model (Gemini Nano)" },
      text: 'Built-in (fake) answer to: hi there',
    });
    const code = await ask(CODE);
    expect(code).toMatchObject({ target: 'claude', model: { kind: 'claude' } });
    expect(code.label).toMatch(/^Claude: code generation/);
    expect(control.prompts.map((p) => p.input)).toEqual(['hi there']);
  });

  it('local-first: the built-in model first, even for code', async () => {
    const { ask } = await setUp('local-first', true);
    const code = await ask(CODE);
    expect(code).toMatchObject({ target: 'local', model: { kind: 'chrome' } });
    expect(code.label).toBe('local Gemini Nano (Chrome built-in): code generation, local first');
  });

  it('private: every task on the built-in model (on this device), Claude never, key or not', async () => {
    const { ask, control } = await setUp('private', true);
    for (const prompt of ['hi there', CODE]) {
      expect(await ask(prompt)).toMatchObject({ target: 'local', model: { kind: 'chrome' } });
    }
    expect(control.prompts).toHaveLength(2);
  });
});
