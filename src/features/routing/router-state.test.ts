import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../core/answering';
import { TandemError } from '../../core/errors';
import type { OperationInput } from '../../core/operations';
import type { StreamPart } from '../../core/provider';
import type { Strategy } from '../../core/route';
import type { Conversation } from '../../core/stored';
import { KeyValueRepository } from '../../platform/db/kv';
import { openAppDb } from '../../platform/db/schema';
import { ClaudeState } from '../claude';
import { setUp as setUpLocal, tEntry } from '../models/testing/fake-backends';
import { RouterState } from './router.svelte';

const GREETING = 'hi there';
const CODE = 'Write a Python function that merges two sorted lists.';

const context = (prompt: string): AnswerContext => ({
  conversationId: 'c1',
  messages: [{ role: 'user', content: prompt }],
  stored: [],
});

/**
 * The real ClaudeState over a real key-value store (fake-indexeddb) and the real LocalModel over
 * the project's fake backends; the router decides between them.
 */
interface Options {
  strategy: Strategy;
  key?: boolean;
  localLoaded?: boolean;
  online?: boolean;
  onExamplesChanged?: ConstructorParameters<typeof RouterState>[0]['onExamplesChanged'];
}

async function setUp(options: Options) {
  const claude = new ClaudeState(new KeyValueRepository(await openAppDb(`router-${Math.random()}`)));
  await claude.init();
  await claude.update({ strategy: options.strategy, model: 'claude-haiku-4-5' });
  if (options.key) await claude.saveKey('sk-ant-router-test-0000', 'session');
  const { local } = setUpLocal();
  if (options.localLoaded) await local.load({ backend: 'transformers', entry: tEntry });
  const operations: OperationInput[] = [];
  let conversation: Conversation | undefined;
  const router = new RouterState({
    claude,
    local: (ctx) => local.view(ctx.conversationId),
    activeConversation: () => conversation,
    searchHistory: async () => [],
    scoreAnswer: async () => null,
    isOnline: () => options.online ?? true,
    onOperation: (o) => operations.push(o),
    ...(options.onExamplesChanged ? { onExamplesChanged: options.onExamplesChanged } : {}),
  });
  return { router, operations, setConversation: (c: Conversation) => (conversation = c) };
}

async function text(resolved: Awaited<ReturnType<RouterState['resolve']>>): Promise<string> {
  if (resolved instanceof TandemError) throw resolved;
  let out = '';
  for await (const part of resolved.provider.stream({
    messages: [{ role: 'user', content: GREETING }],
    settings: { temperature: 0, topP: 1, maxTokens: 8 },
  } as never) as AsyncIterable<StreamPart>) {
    if (part.type === 'text-delta') out += part.text;
  }
  return out;
}

/** The decision `resolve` returned with its provider (undefined for an error). */
const routeOf = (resolved: Awaited<ReturnType<RouterState['resolve']>>) =>
  resolved instanceof TandemError ? undefined : resolved.route;

describe('RouterState', () => {
  it('hybrid: a greeting goes to the loaded local model, code to Claude; each decision is recorded', async () => {
    const { router, operations } = await setUp({ strategy: 'hybrid', key: true, localLoaded: true });
    const simple = context(GREETING);
    const local = await router.resolve(simple);
    expect(local).not.toBeInstanceOf(TandemError);
    expect((local as Exclude<typeof local, TandemError>).model).toMatchObject({
      kind: 'transformers',
      id: 't',
    });
    expect(await text(local)).toBe('1 messages');
    expect(routeOf(local)).toMatchObject({ target: 'local', strategy: 'hybrid' });

    const complex = context(CODE);
    const remote = await router.resolve(complex);
    expect((remote as Exclude<typeof remote, TandemError>).model).toMatchObject({
      kind: 'claude',
      id: 'claude-haiku-4-5',
    });
    expect(routeOf(remote)).toMatchObject({ target: 'claude', kind: 'complex' });

    expect(operations.map((o) => [o.kind, o.route?.target, o.modelId, o.status])).toEqual([
      ['route', 'local', 't', 'ok'],
      ['route', 'claude', 'claude-haiku-4-5', 'ok'],
    ]);
  });

  it('local-only keeps even code local; claude-only sends a greeting to Claude', async () => {
    const localOnly = await setUp({ strategy: 'local-only', key: true, localLoaded: true });
    const code = context(CODE);
    expect(routeOf(await localOnly.router.resolve(code))?.target).toBe('local');

    const claudeOnly = await setUp({ strategy: 'claude-only', key: true, localLoaded: true });
    const hi = context(GREETING);
    expect(routeOf(await claudeOnly.router.resolve(hi))?.target).toBe('claude');
  });

  it('the one-message override wins once, then it is back to auto; a conversation override stays', async () => {
    const { router, setConversation } = await setUp({ strategy: 'hybrid', key: true, localLoaded: true });
    router.nextOverride = 'claude';
    const first = context(GREETING);
    expect(routeOf(await router.resolve(first))?.target).toBe('claude');
    expect(router.nextOverride).toBe('auto');
    const second = context(GREETING);
    expect(routeOf(await router.resolve(second))?.target).toBe('local');

    setConversation({
      id: 'c1',
      title: 't',
      createdAt: 0,
      updatedAt: 0,
      routeOverride: 'claude',
    } as Conversation);
    const third = context(GREETING);
    expect(routeOf(await router.resolve(third))?.target).toBe('claude');
  });

  it('says what is missing, by error code, when the chosen side cannot answer', async () => {
    const noModel = await (await setUp({ strategy: 'local-only' })).router.resolve(context(GREETING));
    expect(noModel).toBeInstanceOf(TandemError);
    expect((noModel as TandemError).code).toBe('model-load-failed');

    const noKey = await (await setUp({ strategy: 'claude-only' })).router.resolve(context(GREETING));
    expect((noKey as TandemError).code).toBe('invalid-api-key');

    const offline = await setUp({ strategy: 'claude-only', key: true, online: false });
    const blocked = await offline.router.resolve(context(GREETING));
    expect((blocked as TandemError).code).toBe('offline');
    expect(offline.operations[0]).toMatchObject({ kind: 'route', status: 'error', errorCode: 'offline' });
  });

  it('a user correction becomes an example and is handed on for storage', async () => {
    const saved: string[][] = [];
    const { router: withHook } = await setUp({
      strategy: 'hybrid',
      onExamplesChanged: (examples) => void saved.push(examples.map((e) => `${e.kind}:${e.text}`)),
    });
    await withHook.correct(GREETING, 'complex');
    await withHook.correct(GREETING, 'simple');
    expect(withHook.userExamples).toEqual([{ text: GREETING, kind: 'simple', source: 'user' }]);
    expect(saved).toEqual([[`complex:${GREETING}`], [`simple:${GREETING}`]]);
  });
});
