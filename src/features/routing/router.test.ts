import { describe, expect, it } from 'vitest';
import { classifyByRules } from './rules';
import { decideRoute, type RouteContext } from './router';
import { shouldEscalate } from './escalation';
import { fallbackAfterFailure } from './fallback';
import { type Strategy } from '../../core/route';

const base: RouteContext = {
  strategy: 'hybrid',
  hasKey: true,
  localModelReady: true,
  localRuntimeAvailable: true,
  online: true,
  promptTokens: 50,
  localContextWindow: 2048,
  localModelName: 'TinyLlama',
};
const greeting = classifyByRules('hi there');
const code = classifyByRules('Write a Python function that merges two sorted lists.');
const calc = classifyByRules('calculate 12*7');
const route = (c = greeting, extra: Partial<RouteContext> = {}) => decideRoute(c, { ...base, ...extra });

describe('decideRoute: strategies', () => {
  it('hybrid sends simple local and complex/tool to Claude, with labels', () => {
    expect(route(greeting)).toMatchObject({
      target: 'local',
      kind: 'simple',
      label: 'local TinyLlama: greeting',
      available: true,
    });
    expect(route(code)).toMatchObject({
      target: 'claude',
      kind: 'complex',
      label: 'Claude: code generation',
    });
    expect(route(calc)).toMatchObject({ target: 'claude', kind: 'tool', label: 'Claude: calculation' });
  });

  it('claude-only always picks Claude', () => {
    expect(route(greeting, { strategy: 'claude-only' })).toMatchObject({
      target: 'claude',
      label: 'Claude: greeting',
      fallbackAllowed: false,
    });
  });

  it('local-only always picks local, even for code', () => {
    expect(route(code, { strategy: 'local-only' })).toMatchObject({
      target: 'local',
      label: 'local TinyLlama: code generation',
      fallbackAllowed: false,
    });
  });

  it('local-first prefers local for everything', () => {
    const d = route(code, { strategy: 'local-first' });
    expect(d).toMatchObject({ target: 'local', fallbackAllowed: true });
    expect(d.label).toBe('local TinyLlama: code generation, local first');
  });
});

describe('decideRoute: availability', () => {
  it('the issue example: Claude for a prompt longer than the local window', () => {
    const d = route(code, { strategy: 'local-first', promptTokens: 3200 });
    expect(d.target).toBe('claude');
    expect(d.label).toBe('Claude: code generation, 3,200 tokens exceeds local window');
  });

  it('hybrid simple prompt over the window goes to Claude', () => {
    expect(route(greeting, { promptTokens: 5000 })).toMatchObject({
      target: 'claude',
      label: 'Claude: greeting, 5,000 tokens exceeds local window',
    });
  });

  it('no key → local', () => {
    const d = route(code, { hasKey: false });
    expect(d).toMatchObject({ target: 'local', available: true });
    expect(d.reasons).toContain('no Claude API key');
  });

  it('offline → local; a tool request says it answers without tools', () => {
    const d = route(calc, { online: false });
    expect(d.target).toBe('local');
    expect(d.label).toBe('local TinyLlama: calculation, offline, answering without tools');
  });

  it('no local model or no WebGPU/WASM → Claude', () => {
    expect(route(greeting, { localModelReady: false })).toMatchObject({
      target: 'claude',
      label: 'Claude: greeting, no local model loaded',
    });
    expect(route(greeting, { localRuntimeAvailable: false }).reasons).toContain(
      'no WebGPU or WASM for local models',
    );
    expect(route(greeting, { strategy: 'local-first', localModelReady: false }).target).toBe('claude');
  });

  it('nothing available is reported, not hidden', () => {
    const d = route(code, { hasKey: false, localModelReady: false });
    expect(d.available).toBe(false);
    expect(d.reasons).toEqual(['code generation', 'no Claude API key', 'no local model loaded']);
    expect(route(greeting, { strategy: 'local-only', localModelReady: false }).available).toBe(false);
    expect(route(greeting, { strategy: 'claude-only', hasKey: false })).toMatchObject({
      target: 'claude',
      available: false,
    });
  });

  it('local-only never goes to Claude, whatever happens', () => {
    for (const extra of [
      { promptTokens: 99_999 },
      { localModelReady: false },
      { messageOverride: 'claude' as const },
      { localRuntimeAvailable: false },
    ]) {
      expect(route(code, { strategy: 'local-only', ...extra }).target).toBe('local');
    }
  });

  it('over the window while offline stays local and says older messages will be cut', () => {
    const d = route(greeting, { online: false, promptTokens: 4000 });
    expect(d.target).toBe('local');
    expect(d.label).toContain('older messages will be cut');
  });
});

describe('decideRoute: overrides', () => {
  it('per-message beats per-conversation beats strategy', () => {
    expect(route(greeting, { conversationOverride: 'claude' })).toMatchObject({
      target: 'claude',
      overridden: true,
      label: 'Claude: greeting, you chose Claude for this conversation',
    });
    expect(route(greeting, { conversationOverride: 'claude', messageOverride: 'local' })).toMatchObject({
      target: 'local',
      label: 'local TinyLlama: greeting, you chose local for this message',
    });
  });

  it('an impossible override is explained and ignored', () => {
    const d = route(greeting, { messageOverride: 'claude', hasKey: false });
    expect(d).toMatchObject({ target: 'local', overridden: false });
    expect(d.reasons).toContain('your choice of Claude is not possible: no Claude API key');
  });
});

describe('fallbackAfterFailure', () => {
  it('local failure → Claude under hybrid and local-first', () => {
    for (const strategy of ['hybrid', 'local-first'] as Strategy[]) {
      const d = route(greeting, { strategy });
      const f = fallbackAfterFailure(d, { code: 'device-lost', retryable: false }, { ...base, strategy });
      expect(f).toMatchObject({ target: 'claude' });
      expect(f!.notice).toBe(
        'TinyLlama could not answer: the GPU device was lost. Answering with Claude instead.',
      );
    }
    const overflow = fallbackAfterFailure(
      route(greeting),
      { code: 'context-window-exceeded', retryable: false },
      base,
    );
    expect(overflow?.target).toBe('claude');
  });

  it('local failure under local-only, or without Claude, gives a notice only', () => {
    const d = route(greeting, { strategy: 'local-only' });
    expect(
      fallbackAfterFailure(
        d,
        { code: 'out-of-memory', retryable: false },
        { ...base, strategy: 'local-only' },
      ),
    ).toMatchObject({ target: null });
    const noKey = fallbackAfterFailure(
      route(greeting),
      { code: 'generation-failed', retryable: true },
      { ...base, hasKey: false },
    );
    expect(noKey).toMatchObject({ target: null });
    expect(noKey!.notice).toContain('no Claude API key');
  });

  it('a side the user chose fails visibly with the reason: no fallback to the other side', () => {
    const chosen = route(greeting, { messageOverride: 'claude' });
    expect(chosen).toMatchObject({ target: 'claude', overridden: true, fallbackAllowed: false });
    const f = fallbackAfterFailure(chosen, { code: 'invalid-api-key', retryable: false }, base);
    expect(f).toEqual({
      target: null,
      notice:
        'Claude rejected the API key. Check the key in Settings. You chose Claude for this answer, so the local model was not asked. Try again, or choose Auto to let the local model answer.',
      reasons: ['Claude rejected the API key'],
    });
    const local = route(code, { conversationOverride: 'local' });
    const failed = fallbackAfterFailure(local, { code: 'out-of-memory', retryable: false }, base);
    expect(failed!.notice).toContain('You chose local for this answer, so Claude was not asked.');
    expect([failed!.target, route(code).fallbackAllowed]).toEqual([null, true]); // Auto still falls back
  });

  it('Claude failure (offline, 401, rate limit exhausted, overloaded) → local', () => {
    const d = route(code);
    const cases = [
      ['offline', 'You are offline; answered locally with TinyLlama instead.'],
      [
        'invalid-api-key',
        'Claude rejected the API key; answered locally with TinyLlama instead. Check the key in Settings.',
      ],
      ['rate-limited', "Claude's rate limit was reached; answered locally with TinyLlama instead."],
      ['overloaded', 'Claude is overloaded; answered locally with TinyLlama instead.'],
    ] as const;
    for (const [code, notice] of cases) {
      expect(fallbackAfterFailure(d, { code, retryable: true }, base)).toEqual(
        expect.objectContaining({ target: 'local', notice }),
      );
    }
  });

  it('Claude failure that local cannot fix, or claude-only, gives a notice only', () => {
    const d = route(code);
    expect(fallbackAfterFailure(d, { code: 'bad-request', retryable: false }, base)?.target).toBeNull();
    expect(
      fallbackAfterFailure(d, { code: 'network', retryable: true, details: { partial: true } }, base),
    ).toMatchObject({
      target: null,
      notice: expect.stringContaining('partial answer is kept'),
    });
    const only = route(code, { strategy: 'claude-only' });
    expect(
      fallbackAfterFailure(only, { code: 'offline', retryable: true }, { ...base, strategy: 'claude-only' }),
    ).toMatchObject({ target: null });
    expect(
      fallbackAfterFailure(d, { code: 'offline', retryable: true }, { ...base, localModelReady: false }),
    ).toMatchObject({ target: null });
  });

  it('stopping is not a failure', () => {
    expect(fallbackAfterFailure(route(code), { code: 'aborted', retryable: true }, base)).toBeNull();
  });
});

describe('shouldEscalate (cascade)', () => {
  const on = { cascade: true, strategy: 'hybrid' as Strategy, hasKey: true, online: true };
  it('is off by default and never escalates then', () => {
    expect(shouldEscalate('evasive', 0.9, 0.5, { ...on, cascade: false })).toEqual({
      escalate: false,
      reason: 'cascade is off',
    });
  });
  it('escalates evasive or drifting answers, or drift above the threshold', () => {
    expect(shouldEscalate('evasive', null, 0.5, on).escalate).toBe(true);
    expect(shouldEscalate('drifting', 0.2, 0.5, on).escalate).toBe(true);
    expect(shouldEscalate('healthy', 0.61, 0.6, on)).toEqual({
      escalate: true,
      reason: 'drift 0.61 is above the threshold 0.60; asking Claude as well',
    });
    expect(shouldEscalate('healthy', 0.6, 0.6, on).escalate).toBe(false);
    expect(shouldEscalate('fragmented', 0.1, 0.6, on).escalate).toBe(false);
  });
  it('never escalates under local-only, without a key or offline', () => {
    expect(shouldEscalate('evasive', 1, 0.5, { ...on, strategy: 'local-only' }).escalate).toBe(false);
    expect(shouldEscalate('evasive', 1, 0.5, { ...on, hasKey: false }).escalate).toBe(false);
    expect(shouldEscalate('evasive', 1, 0.5, { ...on, online: false }).escalate).toBe(false);
  });
});

describe('decideRoute: blocker codes', () => {
  it('names why the target cannot answer by code, whatever the reason text says', () => {
    expect(route(greeting, { strategy: 'local-only', localModelReady: false })).toMatchObject({
      available: false,
      blocker: 'no-local-model',
      blockers: ['no-local-model'],
    });
    expect(route(greeting, { strategy: 'claude-only', online: false })).toMatchObject({
      available: false,
      blocker: 'offline',
    });
    expect(route(code, { hasKey: false, localModelReady: false })).toMatchObject({
      target: 'claude',
      available: false,
      blocker: 'no-claude-key',
      blockers: ['no-claude-key', 'no-local-model'],
    });
    expect(
      route(greeting, { localRuntimeAvailable: false, localModelReady: false, hasKey: false }),
    ).toMatchObject({ target: 'local', blocker: 'no-local-runtime' });
  });

  it('records blockers met on the way even when another side answers', () => {
    const d = route(greeting, { localModelReady: false });
    expect(d).toMatchObject({
      target: 'claude',
      available: true,
      blocker: null,
      blockers: ['no-local-model'],
    });
    const o = route(greeting, { messageOverride: 'claude', hasKey: false });
    expect(o.blockers[0]).toBe('no-claude-key');
    expect(o.target).toBe('local');
  });
});
