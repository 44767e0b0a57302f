import { describe, expect, it } from 'vitest';
import type { SerializedError } from '../../core/errors';
import type { ChatProvider, GenerateRequest, StreamPart } from '../../core/provider';
import type { Classification } from '../../core/route';
import { createRoutedProvider, type RoutedSide } from './routed-provider';
import { decideRoute, type RouteContext } from './router';
import { shouldEscalate } from './escalation';
import { fallbackAfterFailure } from './fallback';
import type { RouteDecision, Strategy, Target } from '../../core/route';

const finish: StreamPart = {
  type: 'finish',
  reason: 'stop',
  usage: { inputTokens: 3, outputTokens: 2 },
  timings: { timeToFirstTokenMs: 1, totalMs: 2, tokensPerSecond: null },
};

function scripted(kind: ChatProvider['kind'], parts: StreamPart[]): ChatProvider & { calls: number } {
  const provider = {
    kind,
    label: kind,
    calls: 0,
    async *stream(): AsyncGenerator<StreamPart> {
      provider.calls++;
      for (const part of parts) yield part;
    },
  };
  return provider;
}

const side = (provider: ChatProvider, id: string): RoutedSide => ({
  provider,
  model: { kind: provider.kind, id, label: id },
});

function ctx(strategy: Strategy, patch: Partial<RouteContext> = {}): RouteContext {
  return {
    strategy,
    hasKey: true,
    localModelReady: true,
    localRuntimeAvailable: true,
    online: true,
    promptTokens: 10,
    localContextWindow: 2048,
    localModelName: 'TinyLlama',
    ...patch,
  };
}

const greeting: Classification = {
  kind: 'simple',
  category: 'greeting',
  reasons: ['greeting'],
  source: 'rules',
  specific: true,
};
const code: Classification = {
  kind: 'complex',
  category: 'code generation',
  reasons: ['code generation'],
  source: 'rules',
  specific: true,
};

const request: GenerateRequest = {
  messages: [{ role: 'user', content: 'hello' }],
  settings: { temperature: 0, topP: 1, maxTokens: 16 },
};

async function collect(provider: ChatProvider, req: GenerateRequest = request): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of provider.stream(req)) parts.push(part);
  return parts;
}

const err = (code: SerializedError['code'], details?: SerializedError['details']): StreamPart => ({
  type: 'error',
  error: { name: 'E', code, message: `${code} happened`, retryable: true, ...(details ? { details } : {}) },
});

function routed(
  decision: RouteDecision,
  routeCtx: RouteContext,
  local: ChatProvider,
  claude: ChatProvider,
  cascade?: Parameters<typeof createRoutedProvider>[0]['cascade'],
): ChatProvider {
  const sides: Record<Target, RoutedSide | null> = {
    local: side(local, 'local-model'),
    claude: side(claude, 'claude-x'),
    server: null,
  };
  return createRoutedProvider({
    decision,
    primary: sides[decision.target]!,
    other: (t) => (t === decision.target ? null : sides[t]),
    onFailure: (e) => fallbackAfterFailure(decision, e, routeCtx),
    ...(cascade ? { cascade } : {}),
  });
}

describe('createRoutedProvider fallback', () => {
  it('a local failure after partial text falls back to Claude, keeping the partial text in the notice', async () => {
    const c = ctx('hybrid');
    const decision = decideRoute(greeting, c);
    expect(decision.target).toBe('local');
    const local = scripted('transformers', [{ type: 'text-delta', text: 'Hel' }, err('device-lost')]);
    const claude = scripted('claude', [{ type: 'text-delta', text: 'Hi from Claude' }, finish]);
    const parts = await collect(routed(decision, c, local, claude));
    const notice = parts.find((p) => p.type === 'notice');
    expect(notice).toMatchObject({
      notice: { kind: 'fallback', replacedText: 'Hel', model: { kind: 'claude', id: 'claude-x' } },
    });
    expect(notice?.type === 'notice' && notice.notice.text).toMatch(/GPU device was lost.*Claude instead/);
    expect(parts.at(-1)).toEqual(finish);
    expect(claude.calls).toBe(1);
  });

  it('a Claude 401 in hybrid falls back to the local model with a notice', async () => {
    const c = ctx('hybrid');
    const decision = decideRoute(code, c);
    expect(decision.target).toBe('claude');
    const local = scripted('transformers', [{ type: 'text-delta', text: 'local answer' }, finish]);
    const claude = scripted('claude', [err('invalid-api-key')]);
    const parts = await collect(routed(decision, c, local, claude));
    expect(parts[0]).toMatchObject({
      type: 'notice',
      notice: { kind: 'fallback', model: { kind: 'transformers' } },
    });
    expect(parts.filter((p) => p.type === 'text-delta')).toEqual([
      { type: 'text-delta', text: 'local answer' },
    ]);
    expect(local.calls).toBe(1);
  });

  it('claude-only never falls back: the error stays, with a notice saying why', async () => {
    const c = ctx('claude-only');
    const decision = decideRoute(greeting, c);
    const local = scripted('transformers', [finish]);
    const claude = scripted('claude', [err('rate-limited')]);
    const parts = await collect(routed(decision, c, local, claude));
    expect(local.calls).toBe(0);
    expect(parts.map((p) => p.type)).toEqual(['notice', 'error']);
  });

  it('local-only never calls Claude, even when the local model fails', async () => {
    const c = ctx('local-only');
    const decision = decideRoute(code, c);
    const local = scripted('transformers', [err('context-window-exceeded')]);
    const claude = scripted('claude', [finish]);
    const parts = await collect(routed(decision, c, local, claude));
    expect(claude.calls).toBe(0);
    expect(parts.at(-1)?.type).toBe('error');
  });

  it('a cut mid-stream from Claude keeps the partial answer and does not switch models', async () => {
    const c = ctx('hybrid');
    const decision = decideRoute(code, c);
    const local = scripted('transformers', [finish]);
    const claude = scripted('claude', [
      { type: 'text-delta', text: 'part' },
      err('network', { partial: true }),
    ]);
    const parts = await collect(routed(decision, c, local, claude));
    expect(local.calls).toBe(0);
    expect(parts[0]).toEqual({ type: 'text-delta', text: 'part' });
    expect(parts.at(-1)?.type).toBe('error');
  });

  it('passes tool parts through unchanged', async () => {
    const c = ctx('claude-only');
    const decision = decideRoute(code, c);
    const tool: StreamPart = {
      type: 'tool-call',
      id: 't1',
      name: 'calculator',
      input: { expression: '1+1' },
    };
    const result: StreamPart = {
      type: 'tool-result',
      id: 't1',
      name: 'calculator',
      output: '2',
      isError: false,
    };
    const claude = scripted('claude', [tool, result, finish]);
    expect(await collect(routed(decision, c, scripted('transformers', []), claude))).toEqual([
      tool,
      result,
      finish,
    ]);
  });
});

describe('createRoutedProvider cascade', () => {
  const scoreOf = (status: string | null, drift: number | null) => () =>
    Promise.resolve({ status, drift, threshold: 0.5 });
  const decide =
    (c: RouteContext, cascade: boolean) =>
    (s: { status: string | null; drift: number | null; threshold: number }) =>
      shouldEscalate(s.status, s.drift, s.threshold, {
        cascade,
        strategy: c.strategy,
        hasKey: c.hasKey,
        online: c.online,
      });

  it('escalates an evasive local answer to Claude and keeps both answers', async () => {
    const c = ctx('hybrid');
    const decision = decideRoute(greeting, c);
    const local = scripted('transformers', [{ type: 'text-delta', text: 'I cannot say.' }, finish]);
    const claude = scripted('claude', [{ type: 'text-delta', text: 'Here it is.' }, finish]);
    const parts = await collect(
      routed(decision, c, local, claude, { score: scoreOf('evasive', 0.1), decide: decide(c, true) }),
    );
    expect(parts.map((p) => p.type)).toEqual(['text-delta', 'notice', 'text-delta', 'finish']);
    expect(parts[1]).toMatchObject({ notice: { kind: 'escalation', replacedText: 'I cannot say.' } });
    expect(claude.calls).toBe(1);
  });

  it('escalates when drift is above the threshold', async () => {
    const c = ctx('local-first');
    const decision = decideRoute(greeting, c);
    const local = scripted('transformers', [{ type: 'text-delta', text: 'x' }, finish]);
    const claude = scripted('claude', [finish]);
    await collect(
      routed(decision, c, local, claude, { score: scoreOf('healthy', 0.9), decide: decide(c, true) }),
    );
    expect(claude.calls).toBe(1);
  });

  it('keeps a healthy local answer, and a null score (no tracker) never escalates', async () => {
    const c = ctx('hybrid');
    const decision = decideRoute(greeting, c);
    for (const score of [scoreOf('healthy', 0.1), () => Promise.resolve(null)]) {
      const local = scripted('transformers', [{ type: 'text-delta', text: 'fine' }, finish]);
      const claude = scripted('claude', [finish]);
      const parts = await collect(routed(decision, c, local, claude, { score, decide: decide(c, true) }));
      expect(claude.calls).toBe(0);
      expect(parts.map((p) => p.type)).toEqual(['text-delta', 'finish']);
    }
  });

  it('does not escalate when the cascade setting is off or the strategy is local only', async () => {
    for (const [strategy, on] of [
      ['hybrid', false],
      ['local-only', true],
    ] as const) {
      const c = ctx(strategy);
      const decision = decideRoute(greeting, c);
      const local = scripted('transformers', [{ type: 'text-delta', text: 'x' }, finish]);
      const claude = scripted('claude', [finish]);
      await collect(
        routed(decision, c, local, claude, { score: scoreOf('evasive', 0.9), decide: decide(c, on) }),
      );
      expect(claude.calls).toBe(0);
    }
  });
});
