/**
 * Claude settings and the user's API key.
 *
 * The key lives only here (a private field). It is stored in IndexedDB only when the user chose
 * "remember on this device"; with "this session only" it is kept in memory and gone on reload.
 * It goes only into `ClaudeProvider`, which sends it only to the configured base URL. It is
 * never logged, never put in an error, a message or an export, and never in `settings`.
 */
import { DEFAULT_LLMLINGUA_MODEL } from '../compression';
import type { KeyValueRepository } from '../../platform/db/kv';
import type { MessageModelInfo, StoredMessage } from '../../core/stored';
import type { Usage } from '../../core/provider';
import type { SerializedError } from '../../core/errors';
import type { ClaudeProviderConfig } from '../../providers/claude/config';
import { DEFAULT_CLAUDE_BASE_URL } from '../../providers/claude/defaults';
import { LazyClaudeProvider } from '../../providers/claude/lazy';
import { MIN_THINKING_BUDGET, supportsThinking } from '../../providers/claude/mappers';
import {
  DEFAULT_CLAUDE_MODELS,
  DEFAULT_PRICE_TABLE,
  cachePrices,
  costUsd,
  estimateSavingsUsd,
  totalCost,
  type CostEntry,
  type CostTotals,
} from '../../providers/claude/pricing';
import { type ModelPrice } from '../../core/claude-settings';
import type { ToolRegistry } from '../../providers/claude/tools';
import type { ClaudeSettings } from '../../core/claude-settings';
import { normaliseHttpUrl } from '../../core/url';
import { KV } from '../../platform/db/kv-keys';

export const DEFAULT_CLAUDE_SETTINGS: ClaudeSettings = {
  models: [...DEFAULT_CLAUDE_MODELS],
  model: DEFAULT_CLAUDE_MODELS[0]!,
  baseUrl: '',
  strategy: 'hybrid',
  cascade: false,
  prices: DEFAULT_PRICE_TABLE.map((p) => ({ ...p })),
  compression: false,
  compressionBudget: 2000,
  compressionMethod: 'lexical',
  compressionRate: 0.5,
  llmlinguaModel: DEFAULT_LLMLINGUA_MODEL,
  keyStorage: 'session',
  thinking: false,
  thinkingBudget: 2048,
  promptCaching: true,
  firstByteTimeoutS: 60,
  idleTimeoutS: 60,
};

/** Strategies under which nothing at all goes to Claude (not even a key check on save). */
const SENDS_NOTHING_TO_CLAUDE: ReadonlySet<string> = new Set(['local-only', 'private']);

export type KeyCheck =
  { state: 'idle' } | { state: 'checking' } | { state: 'ok' } | { state: 'failed'; error: SerializedError };

/** The Claude base URL as typed: '' (the default endpoint), normalised, or null when invalid. */
export function normaliseBaseUrl(input: string): string | null {
  return input.trim() ? normaliseHttpUrl(input, 'never') : '';
}

/** The provider options that follow from the settings (thinking, caching, timeouts). */
export function providerOptions(
  settings: ClaudeSettings,
): Pick<
  ClaudeProviderConfig,
  'thinkingBudgetTokens' | 'promptCaching' | 'firstByteTimeoutMs' | 'idleTimeoutMs'
> {
  return {
    thinkingBudgetTokens: settings.thinking ? settings.thinkingBudget : 0,
    promptCaching: settings.promptCaching,
    firstByteTimeoutMs: Math.round(settings.firstByteTimeoutS * 1000),
    idleTimeoutMs: Math.round(settings.idleTimeoutS * 1000),
  };
}

export type { ModelPrice };

export class ClaudeState {
  /** The smallest thinking budget the API accepts. */
  readonly minThinkingBudget = MIN_THINKING_BUDGET;
  settings = $state.raw<ClaudeSettings>(DEFAULT_CLAUDE_SETTINGS);
  hasKey = $state(false);
  check = $state.raw<KeyCheck>({ state: 'idle' });

  /** The chosen model can think before it answers (extended thinking). */
  get thinkingSupported(): boolean {
    return supportsThinking(this.settings.model);
  }

  /** Cache write and read prices of a price row (its own, or derived from the input price). */
  cachePricesOf(price: ModelPrice): { write: number; read: number } {
    return cachePrices(price);
  }
  #key = '';

  /** `checkOnSave`: check a key as soon as it is saved (the app does; unit tests opt in). */
  constructor(
    private readonly kv: KeyValueRepository,
    private readonly options: { checkOnSave?: boolean } = {},
  ) {}

  async init(): Promise<void> {
    const stored = await this.kv.get(KV.claudeSettings);
    this.settings = { ...DEFAULT_CLAUDE_SETTINGS, ...stored };
    if (this.settings.keyStorage === 'device') {
      const key = await this.kv.get(KV.claudeApiKey);
      if (key) this.#setKey(key);
    } else {
      await this.kv.delete(KV.claudeApiKey);
    }
  }

  get baseUrl(): string {
    return this.settings.baseUrl || DEFAULT_CLAUDE_BASE_URL;
  }

  /** Origin the key may be sent to (for checks and the privacy test). */
  get endpointOrigin(): string {
    return new URL(this.baseUrl).origin;
  }

  /** The key with all but its last 4 characters hidden, for display. */
  get maskedKey(): string {
    return this.#key ? `••••••••${this.#key.slice(-4)}` : '';
  }

  async update(patch: Partial<ClaudeSettings>): Promise<void> {
    this.settings = { ...this.settings, ...patch };
    await this.kv.set(KV.claudeSettings, $state.snapshot(this.settings));
  }

  /**
   * Saves the key in memory, and in IndexedDB only when `storage` is 'device', then checks it
   * with one free request (`GET /v1/models`, see providers/claude/check-key.ts), so a wrong key
   * is said at once instead of at the first answer. Under "Local only" and "Private" nothing is
   * sent to Claude, the check included: it waits for "Check key".
   */
  async saveKey(key: string, storage: 'device' | 'session'): Promise<void> {
    const trimmed = key.trim();
    if (!trimmed) return;
    this.#setKey(trimmed);
    await this.update({ keyStorage: storage });
    if (storage === 'device') await this.kv.set(KV.claudeApiKey, trimmed);
    else await this.kv.delete(KV.claudeApiKey);
    if (this.options.checkOnSave && !SENDS_NOTHING_TO_CLAUDE.has(this.settings.strategy))
      await this.checkKey();
  }

  async forgetKey(): Promise<void> {
    this.#setKey('');
    await this.kv.delete(KV.claudeApiKey);
  }

  #setKey(key: string): void {
    this.#key = key;
    this.hasKey = key.length > 0;
    this.check = { state: 'idle' };
  }

  /** Checks a key (the typed one, or the saved one) against the base URL. */
  async checkKey(candidate?: string): Promise<void> {
    const key = candidate?.trim() || this.#key;
    if (!key) {
      this.check = {
        state: 'failed',
        error: {
          name: 'ClaudeError',
          code: 'invalid-api-key',
          message: 'Enter an API key first.',
          retryable: false,
        },
      };
      return;
    }
    this.check = { state: 'checking' };
    const provider = new LazyClaudeProvider({
      apiKey: key,
      model: this.settings.model,
      baseUrl: this.baseUrl,
    });
    const result = await provider.checkKey();
    this.check = result.ok ? { state: 'ok' } : { state: 'failed', error: result.error };
  }

  /** A provider for the chosen model, or null when there is no key. */
  createProvider(
    tools?: ToolRegistry,
    system?: string,
    model = this.settings.model,
  ): LazyClaudeProvider | null {
    if (!this.#key) return null;
    return new LazyClaudeProvider({
      apiKey: this.#key,
      model,
      baseUrl: this.baseUrl,
      label: `Claude (${model})`,
      ...providerOptions(this.settings),
      ...(tools ? { tools } : {}),
      ...(system ? { system } : {}),
    });
  }

  /** What an answer (or one attempt of it) cost at the configured prices; null: free or unknown. */
  costUsd(answer: { model?: Pick<MessageModelInfo, 'kind' | 'id'>; usage?: Usage }): number | null {
    if (answer.model?.kind !== 'claude' || !answer.usage) return null;
    return costUsd(answer.usage, answer.model.id, this.settings.prices);
  }

  /** Cost of one answer; for a local answer the estimated saving against the chosen model. */
  costOf(message: StoredMessage): { costUsd: number | null; savedUsd: number | null } | null {
    if (message.role !== 'assistant' || !message.usage || !message.model) return null;
    if (message.model.kind === 'claude') return { costUsd: this.costUsd(message), savedUsd: null };
    return {
      costUsd: null,
      savedUsd: estimateSavingsUsd(message.usage, this.settings.model, this.settings.prices),
    };
  }

  totals(messages: readonly StoredMessage[]): CostTotals {
    const entries: CostEntry[] = [];
    for (const m of messages) {
      if (m.role !== 'assistant' || !m.usage || !m.model) continue;
      const claude = m.model.kind === 'claude';
      entries.push({
        target: claude ? 'claude' : 'local',
        usage: m.usage,
        model: claude ? m.model.id : this.settings.model,
      });
    }
    return totalCost(entries, this.settings.prices);
  }
}
