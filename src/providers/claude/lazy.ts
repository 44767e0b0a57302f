/**
 * The Claude client (request building, SSE reading, event validation, retries: ~15 KB) loads on
 * the first request, not with the app: most visits never call Claude. `LazyClaudeProvider` has the
 * same surface the app uses and forwards to the real `ClaudeProvider` once it has loaded.
 */
import { serializeError, toTandemError } from '../../core/errors';
import type { ChatProvider, GenerateRequest, StreamPart } from '../../core/provider';
import type { ClaudeProvider } from './client';
import type { CheckKeyResult } from './check-key';
import type { ClaudeProviderConfig } from './config';
import { normaliseHttpUrl } from '../../core/url';
import { DEFAULT_CLAUDE_BASE_URL } from './defaults';

let client: Promise<typeof import('./client')> | null = null;
function loadClient(): Promise<typeof import('./client')> {
  client ??= import('./client').catch((error: unknown) => {
    client = null; // e.g. offline before the chunk was cached: the next request tries again
    throw error;
  });
  return client;
}

export class LazyClaudeProvider implements ChatProvider {
  readonly kind = 'claude' as const;
  readonly label: string;
  readonly model: string;
  readonly #config: ClaudeProviderConfig;
  #real: Promise<ClaudeProvider> | null = null;

  constructor(config: ClaudeProviderConfig) {
    this.#config = config;
    this.model = config.model;
    this.label = config.label ?? `Claude (${config.model})`;
  }

  /** Where requests go (scheme, host and port only), without loading the client. */
  get endpointOrigin(): string {
    // The same normalisation as the client's (settings/url.ts), so both name one endpoint.
    const typed = this.#config.baseUrl?.trim();
    return new URL(typed ? (normaliseHttpUrl(typed, 'never') ?? typed) : DEFAULT_CLAUDE_BASE_URL).origin;
  }

  #provider(): Promise<ClaudeProvider> {
    this.#real ??= loadClient().then((m) => new m.ClaudeProvider(this.#config));
    return this.#real;
  }

  async *stream(request: GenerateRequest): AsyncGenerator<StreamPart, void, undefined> {
    let provider: ClaudeProvider;
    try {
      provider = await this.#provider();
    } catch (error) {
      this.#real = null;
      yield { type: 'error', error: serializeError(toTandemError(error)) };
      return;
    }
    yield* provider.stream(request);
  }

  async checkKey(signal?: AbortSignal): Promise<CheckKeyResult> {
    try {
      return await (await this.#provider()).checkKey(signal);
    } catch (error) {
      this.#real = null;
      return { ok: false, error: serializeError(toTandemError(error)) };
    }
  }
}
