import { describe, expect, it } from 'vitest';
import { onErrorPart, wrapProvider, type CountingProvider, type ProviderMiddleware } from './middleware';
import type { SerializedError } from '../core/errors';
import type { ChatProvider, GenerateRequest, StreamPart } from '../core/provider';

const request: GenerateRequest = {
  messages: [{ role: 'user', content: 'hi' }],
  settings: { temperature: 0.7, topP: 0.9, maxTokens: 100 },
};

function recorder(parts: StreamPart[] = [{ type: 'text-delta', text: 'ok' }]) {
  const requests: GenerateRequest[] = [];
  const provider: ChatProvider = {
    kind: 'transformers',
    label: 'Tiny',
    async *stream(r) {
      requests.push(r);
      yield* parts;
    },
  };
  return { provider, requests };
}

async function collect(p: ChatProvider, r = request): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of p.stream(r)) out.push(part);
  return out;
}

const tag = (name: string, log: string[]): ProviderMiddleware => ({
  name,
  transformParams: ({ request }) => {
    log.push(`params:${name}`);
    return { ...request, messages: [...request.messages, { role: 'user', content: name }] };
  },
  async *wrapStream({ doStream, request }) {
    log.push(`stream:${name}`);
    yield { type: 'text-delta', text: `<${name}>` };
    yield* doStream(request);
    yield { type: 'text-delta', text: `</${name}>` };
  },
});

describe('wrapProvider', () => {
  it('with no middleware streams the provider unchanged', async () => {
    const { provider, requests } = recorder();
    const wrapped = wrapProvider(provider);
    expect(await collect(wrapped)).toEqual([{ type: 'text-delta', text: 'ok' }]);
    expect(requests[0]).toBe(request);
    expect(wrapped.kind).toBe('transformers');
    expect(wrapped.label).toBe('Tiny');
  });

  it('applies the first middleware outermost: it sees the request first and the parts last', async () => {
    const log: string[] = [];
    const { provider, requests } = recorder();
    const parts = await collect(wrapProvider(provider, tag('a', log), tag('b', log)));
    expect(log).toEqual(['params:a', 'stream:a', 'params:b', 'stream:b']);
    expect(requests[0]!.messages.map((m) => m.content)).toEqual(['hi', 'a', 'b']);
    expect(parts.map((p) => (p.type === 'text-delta' ? p.text : p.type))).toEqual([
      '<a>',
      '<b>',
      'ok',
      '</b>',
      '</a>',
    ]);
  });

  it('lets a middleware answer instead of the provider', async () => {
    const { provider, requests } = recorder();
    const refuse: ProviderMiddleware = {
      async *wrapStream() {
        yield {
          type: 'error',
          error: { name: 'TandemError', code: 'unknown', message: 'no', retryable: false },
        };
      },
    };
    const parts = await collect(wrapProvider(provider, refuse));
    expect(parts).toHaveLength(1);
    expect(parts[0]!.type).toBe('error');
    expect(requests).toHaveLength(0);
  });

  it('keeps the tokenizer of a counting provider, bound to it', async () => {
    const { provider } = recorder();
    const counting: CountingProvider = {
      ...provider,
      factor: 3,
      countTokens(this: { factor: number }, text: string) {
        return Promise.resolve(text.length * this.factor);
      },
    } as CountingProvider;
    const wrapped = wrapProvider(counting, tag('a', []));
    expect(await wrapped.countTokens('abcd')).toBe(12);
    expect('countTokens' in wrapProvider(provider, tag('a', []))).toBe(false);
  });
});

describe('onErrorPart', () => {
  it('runs the handler after the error part reached the consumer, and not for other parts', async () => {
    const order: string[] = [];
    const error: SerializedError = {
      name: 'TandemError',
      code: 'device-lost',
      message: 'lost',
      retryable: true,
    };
    const { provider } = recorder([
      { type: 'text-delta', text: 'x' },
      { type: 'error', error },
    ]);
    const wrapped = wrapProvider(
      provider,
      onErrorPart((e) => {
        order.push(`handler:${e.code}`);
      }),
    );
    for await (const part of wrapped.stream(request)) order.push(`part:${part.type}`);
    expect(order).toEqual(['part:text-delta', 'part:error', 'handler:device-lost']);

    const calls: string[] = [];
    const ok = wrapProvider(
      recorder().provider,
      onErrorPart((e) => void calls.push(e.code)),
    );
    await collect(ok);
    expect(calls).toEqual([]);
  });
});
