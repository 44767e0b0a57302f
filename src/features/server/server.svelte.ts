/**
 * The user's own model server (Settings → Your server): its URL, the chosen model, the models
 * Check connection discovered, and an optional API key.
 *
 * The key is kept like the Claude key: in a private field; in IndexedDB only when the user
 * chose "remember on this device"; never in `settings`, an error, a message or an export. It
 * goes only into requests to the configured server (`ServerProvider`, `listServerModels`).
 */
import type { KeyValueRepository } from '../../platform/db/kv';
import { KV } from '../../platform/db/kv-keys';
import { serializeError, type SerializedError } from '../../core/errors';
import { ServerProvider } from '../../providers/server/client';
import { listServerModels } from '../../providers/server/discovery';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../../core/server-settings';
import { apiRoot, normaliseServerUrl } from '../../providers/server/url';

export type ConnectionCheck =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'ok'; models: string[]; source: 'openai' | 'ollama' }
  | { state: 'failed'; error: SerializedError };

export class ServerState {
  settings = $state.raw<ServerSettings>(DEFAULT_SERVER_SETTINGS);
  hasKey = $state(false);
  check = $state.raw<ConnectionCheck>({ state: 'idle' });
  #key = '';

  constructor(
    private readonly kv: KeyValueRepository,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  async init(): Promise<void> {
    const stored = await this.kv.get(KV.serverSettings);
    this.settings = { ...DEFAULT_SERVER_SETTINGS, ...stored };
    if (this.settings.keyStorage === 'device') {
      const key = await this.kv.get(KV.serverApiKey);
      if (key) this.#setKey(key);
    } else {
      await this.kv.delete(KV.serverApiKey);
    }
  }

  /** A server and a model are set: the server tier can answer (if it is reachable). */
  get configured(): boolean {
    return !!this.settings.baseUrl && !!this.settings.model;
  }

  /** The only origin the key is sent to; null when no server is set. */
  get endpointOrigin(): string | null {
    if (!this.settings.baseUrl) return null;
    try {
      return new URL(apiRoot(this.settings.baseUrl)).origin;
    } catch {
      return null;
    }
  }

  get maskedKey(): string {
    return this.#key ? `••••••••${this.#key.slice(-4)}` : '';
  }

  async update(patch: Partial<ServerSettings>): Promise<void> {
    this.settings = { ...this.settings, ...patch };
    await this.kv.set(KV.serverSettings, $state.snapshot(this.settings));
  }

  /** Saves the URL as typed (normalised); false when it is not an http(s) URL without credentials. */
  async saveUrl(input: string): Promise<boolean> {
    if (!input.trim()) {
      await this.update({ baseUrl: '', models: [], model: '' });
      this.check = { state: 'idle' };
      return true;
    }
    const url = normaliseServerUrl(input);
    if (!url) return false;
    if (url !== this.settings.baseUrl) {
      await this.update({ baseUrl: url, models: [] });
      this.check = { state: 'idle' };
    }
    return true;
  }

  async saveKey(key: string, storage: 'device' | 'session'): Promise<void> {
    const trimmed = key.trim();
    if (!trimmed) return;
    this.#setKey(trimmed);
    await this.update({ keyStorage: storage });
    if (storage === 'device') await this.kv.set(KV.serverApiKey, trimmed);
    else await this.kv.delete(KV.serverApiKey);
  }

  async forgetKey(): Promise<void> {
    this.#setKey('');
    await this.kv.delete(KV.serverApiKey);
  }

  #setKey(key: string): void {
    this.#key = key;
    this.hasKey = key.length > 0;
    this.check = { state: 'idle' };
  }

  /** Check connection: lists the server's models (the URL, the key and CORS all work, or why not). */
  async checkConnection(): Promise<void> {
    if (!this.settings.baseUrl) {
      this.check = {
        state: 'failed',
        error: {
          name: 'ServerError',
          code: 'bad-request',
          message: 'Enter the Server URL first.',
          retryable: false,
        },
      };
      return;
    }
    this.check = { state: 'checking' };
    try {
      const found = await listServerModels({
        baseUrl: this.settings.baseUrl,
        apiKey: this.#key,
        fetch: this.fetchFn,
      });
      const model = found.models.includes(this.settings.model)
        ? this.settings.model
        : (found.models[0] ?? '');
      await this.update({ models: found.models, model });
      this.check = { state: 'ok', models: found.models, source: found.source };
    } catch (error) {
      this.check = { state: 'failed', error: serializeError(error) };
    }
  }

  /** A provider for the chosen model (or `model`, e.g. the workbench's), or null when no server is set. */
  createProvider(model?: string): ServerProvider | null {
    if (!this.settings.baseUrl || !(model ?? this.settings.model)) return null;
    return new ServerProvider({
      baseUrl: this.settings.baseUrl,
      model: model ?? this.settings.model,
      apiKey: this.#key,
      fetch: this.fetchFn,
    });
  }
}
