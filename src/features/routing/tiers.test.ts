import { describe, expect, it } from 'vitest';
import { classifyByRules } from './rules';
import { type RouteContext } from './router';
import { decideTieredRoute as decideRoute, fallbackWithServer } from './tiers';

const base: RouteContext = {
  strategy: 'hybrid',
  hasKey: true,
  localModelReady: true,
  localRuntimeAvailable: true,
  online: true,
  promptTokens: 50,
  localContextWindow: 2048,
  localModelName: 'TinyLlama',
  serverReady: true,
  serverName: 'llama3.1:8b at 192.168.1.20:11434',
};
const greeting = classifyByRules('hi there');
const code = classifyByRules('Write a Python function that merges two sorted lists.');
const calc = classifyByRules('calculate 12*7');
const route = (c = greeting, extra: Partial<RouteContext> = {}) => decideRoute(c, { ...base, ...extra });

describe('three tiers: device → your server → Claude', () => {
  it('hybrid: simple on the device, complex on the server, tools on Claude', () => {
    expect(route(greeting)).toMatchObject({ target: 'local', label: 'local TinyLlama: greeting' });
    expect(route(code)).toMatchObject({
      target: 'server',
      available: true,
      label: 'your server (llama3.1:8b at 192.168.1.20:11434): code generation',
    });
    expect(route(calc)).toMatchObject({ target: 'claude', label: 'Claude: calculation' });
  });

  it('learned: a kind whose server answers are rated low stays with Claude (not under private)', () => {
    const low = {
      category: 'code generation',
      modelId: 'llama3.1:8b',
      target: 'server' as const,
      mean: 2,
      count: 5,
    };
    expect(route(code, { serverQuality: low })).toMatchObject({
      target: 'claude',
      label: "Claude: code generation, your server's answers to code generation were rated 2.0/5",
    });
    expect(route(code, { serverQuality: { ...low, count: 4 } }).target).toBe('server');
    expect(route(code, { serverQuality: low, hasKey: false }).target).toBe('server');
    expect(route(code, { serverQuality: low, strategy: 'private' }).target).toBe('server');
  });

  it('hybrid without a server is the two-tier router', () => {
    expect(route(code, { serverReady: false })).toMatchObject({ target: 'claude' });
  });

  it('hybrid: a tool request goes to the server (without tools) when Claude cannot take it', () => {
    expect(route(calc, { hasKey: false })).toMatchObject({
      target: 'server',
      reasons: ['calculation', 'answering without tools'],
    });
  });

  it('local-first: device, then server (what the device cannot run), then Claude', () => {
    expect(route(code, { strategy: 'local-first' })).toMatchObject({ target: 'local' });
    expect(route(code, { strategy: 'local-first', promptTokens: 5000 })).toMatchObject({
      target: 'server',
      reasons: ['code generation', '5,000 tokens exceeds local window'],
    });
    expect(route(greeting, { strategy: 'local-first', localModelReady: false })).toMatchObject({
      target: 'server',
      reasons: ['greeting', 'no local model loaded'],
    });
    expect(
      route(greeting, { strategy: 'local-first', localModelReady: false, serverReady: false }),
    ).toMatchObject({
      target: 'claude',
    });
  });

  it('private never answers from Claude, whatever the task, key or failure', () => {
    for (const c of [greeting, code, calc]) {
      for (const extra of [{}, { localModelReady: false }, { promptTokens: 9000 }, { serverReady: false }]) {
        const decision = route(c, { strategy: 'private', ...extra });
        expect(decision.target, `${c.category} ${JSON.stringify(extra)}`).not.toBe('claude');
        expect(decision.strategy).toBe('private');
      }
    }
    expect(route(greeting, { strategy: 'private' })).toMatchObject({ target: 'local' });
    expect(route(code, { strategy: 'private' })).toMatchObject({ target: 'server' });
    expect(route(code, { strategy: 'private', messageOverride: 'claude' })).toMatchObject({
      target: 'server',
    });
    // Without a server and a local model: the device, unavailable (not Claude).
    expect(route(code, { strategy: 'private', serverReady: false, localModelReady: false })).toMatchObject({
      target: 'local',
      available: false,
    });
  });

  it('local-only and claude-only do not use the server', () => {
    expect(route(code, { strategy: 'local-only' })).toMatchObject({ target: 'local' });
    expect(route(greeting, { strategy: 'claude-only' })).toMatchObject({ target: 'claude' });
  });

  it('an override to the server is kept', () => {
    expect(route(greeting, { messageOverride: 'server' })).toMatchObject({
      target: 'server',
      overridden: true,
    });
    expect(route(greeting, { messageOverride: 'server', serverReady: false })).toMatchObject({
      target: 'local',
    });
  });
});

describe('fallback across tiers', () => {
  const err = (code: string, details?: Record<string, string | number | boolean>) =>
    ({ code, retryable: true, ...(details ? { details } : {}) }) as Parameters<typeof fallbackWithServer>[1];

  it('a failed server answer goes to Claude (hybrid), to the device under private', () => {
    const hybrid = { ...base };
    expect(fallbackWithServer(route(code), err('network'), hybrid)?.target).toBe('claude');
    const priv = { ...base, strategy: 'private' as const };
    expect(fallbackWithServer(decideRoute(code, priv), err('model-loading'), priv)).toMatchObject({
      target: 'local',
      notice: expect.stringContaining('still loading the model'),
    });
  });

  it('private with no device model: nobody takes over, and Claude is not asked', () => {
    const priv = { ...base, strategy: 'private' as const, localModelReady: false };
    const verdict = fallbackWithServer(decideRoute(code, priv), err('server-error'), priv);
    expect(verdict?.target).toBeNull();
    expect(verdict?.notice).toContain('Claude is not asked');
  });

  it('a cut server stream keeps the partial answer instead of switching', () => {
    expect(fallbackWithServer(route(code), err('network', { partial: true }), base)?.target).toBeNull();
  });

  it('a failed device answer goes to the server before Claude', () => {
    const decision = route(greeting);
    expect(fallbackWithServer(decision, err('out-of-memory'), base)?.target).toBe('server');
  });

  it('a failed Claude answer goes to the server before the device', () => {
    const decision = route(calc);
    expect(fallbackWithServer(decision, err('overloaded'), base)?.target).toBe('server');
  });

  it('Stop is never a failure', () => {
    expect(fallbackWithServer(route(code), err('aborted'), base)).toBeNull();
  });
});
