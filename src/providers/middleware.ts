/**
 * Provider middleware (anchor: vercel/ai `wrapLanguageModel`): the one way to add behaviour
 * around a provider (context policy, compression, recovery after a device failure) without
 * writing a decorator by hand.
 *
 * A middleware has two optional hooks:
 * - `transformParams(request)`: returns the request to send instead (trimmed messages, a
 *   shorter answer limit...).
 * - `wrapStream({ doStream, request })`: the stream to return; call `doStream(request)` for the
 *   inner provider's stream. It may yield parts before, after or instead of it (a notice, an
 *   error that refuses the request) and watch the parts going by.
 *
 * `wrapProvider(provider, a, b)` applies `a` outermost: `a` sees the request first and the
 * parts last, like vercel/ai's middleware array. The wrapped provider keeps `kind`, `label` and
 * a `countTokens` when the inner one has it.
 */
import type { ChatProvider, GenerateRequest, StreamPart } from '../core/provider';

export interface ProviderMiddleware {
  /** A name for tests and debugging. */
  readonly name?: string;
  transformParams?(args: {
    request: GenerateRequest;
    provider: ChatProvider;
  }): GenerateRequest | Promise<GenerateRequest>;
  wrapStream?(args: {
    doStream: (request: GenerateRequest) => AsyncIterable<StreamPart>;
    request: GenerateRequest;
    provider: ChatProvider;
  }): AsyncIterable<StreamPart>;
}

/** A provider that can count tokens with its model's tokenizer. */
export interface CountingProvider extends ChatProvider {
  countTokens(text: string): Promise<number>;
}

export function wrapProvider(
  provider: CountingProvider,
  ...middlewares: ProviderMiddleware[]
): CountingProvider;
export function wrapProvider(provider: ChatProvider, ...middlewares: ProviderMiddleware[]): ChatProvider;
export function wrapProvider(provider: ChatProvider, ...middlewares: ProviderMiddleware[]): ChatProvider {
  return middlewares.reduceRight<ChatProvider>((inner, middleware) => applyOne(inner, middleware), provider);
}

function applyOne(inner: ChatProvider, middleware: ProviderMiddleware): ChatProvider {
  const counting = inner as Partial<CountingProvider>;
  const wrapped: ChatProvider = {
    kind: inner.kind,
    label: inner.label,
    async *stream(request: GenerateRequest): AsyncGenerator<StreamPart, void, undefined> {
      const params = middleware.transformParams
        ? await middleware.transformParams({ request, provider: inner })
        : request;
      const doStream = (r: GenerateRequest) => inner.stream(r);
      if (middleware.wrapStream) yield* middleware.wrapStream({ doStream, request: params, provider: inner });
      else yield* doStream(params);
    },
  };
  if (typeof counting.countTokens === 'function') {
    const count = counting.countTokens.bind(inner);
    return Object.freeze({ ...wrapped, countTokens: count } satisfies CountingProvider);
  }
  return Object.freeze(wrapped);
}

/**
 * Runs `handler` after an error part has been passed on (the consumer has it first), e.g. to
 * record a lost GPU and recreate the engine.
 */
export function onErrorPart(
  handler: (error: Extract<StreamPart, { type: 'error' }>['error']) => void | Promise<void>,
): ProviderMiddleware {
  return {
    name: 'on-error-part',
    async *wrapStream({ doStream, request }) {
      for await (const part of doStream(request)) {
        yield part;
        if (part.type === 'error') await handler(part.error);
      }
    },
  };
}
