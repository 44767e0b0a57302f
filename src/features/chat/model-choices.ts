/**
 * The chat header's model switcher, pure: which choices it offers and which one is on. The
 * choices follow the router's rules (features/routing/router.ts): a choice becomes the
 * conversation's route override, which beats the strategy but never its privacy, so Claude is
 * not offered under "local only" or "private", nor without a key, and your server not under
 * "local only" (this device only). A local model is one of those stored on this device; picking
 * it loads it and keeps the answers on this device.
 */
import type { Strategy, Target } from '../../core/route';

/** A choice's code: `auto`, `claude`, `server`, `local` (no model named) or `local:<backend>:<id>`. */
export type ChoiceValue = string;

export interface ModelOption {
  value: ChoiceValue;
  label: string;
  /** Shown for the current choice when it can no longer answer (e.g. the key was removed). */
  unavailable?: boolean;
}

export interface ChoiceInput {
  strategy: Strategy;
  hasKey: boolean;
  claudeModel: string;
  /** Your server's label ("llama3.1:8b at host") when one is set, else null. */
  server: string | null;
  /** The local models on this device (`key` is `backend:id`), the loaded one first. */
  local: readonly { key: string; label: string }[];
  /** The key of the loaded local model, null when none is ready. */
  loadedKey: string | null;
  /** The override now in force (this conversation, or the one a new chat will get). */
  override: Target | null;
}

const AUTO_WORDS: Record<Strategy, string> = {
  hybrid: 'Auto: by task',
  'local-first': 'Auto: local first',
  'claude-only': 'Auto: Claude only',
  'local-only': 'Auto: this device only',
  private: 'Auto: private',
};

export const localValue = (key: string): ChoiceValue => `local:${key}`;

export function claudeAllowed(input: Pick<ChoiceInput, 'strategy' | 'hasKey'>): boolean {
  return input.hasKey && input.strategy !== 'local-only' && input.strategy !== 'private';
}

export function serverAllowed(input: Pick<ChoiceInput, 'strategy' | 'server'>): boolean {
  return input.server !== null && input.strategy !== 'local-only';
}

/** The choice on now: the override, a local override naming the loaded model. */
export function currentChoice(input: ChoiceInput): ChoiceValue {
  if (input.override === 'local') return input.loadedKey ? localValue(input.loadedKey) : 'local';
  return input.override ?? 'auto';
}

/** The options, in order: Auto, the local models, Claude, your server (the current one always shown). */
export function modelOptions(input: ChoiceInput): ModelOption[] {
  const options: ModelOption[] = [{ value: 'auto', label: AUTO_WORDS[input.strategy] }];
  for (const m of input.local) options.push({ value: localValue(m.key), label: m.label });
  if (claudeAllowed(input)) options.push({ value: 'claude', label: `Claude (${input.claudeModel})` });
  if (serverAllowed(input)) options.push({ value: 'server', label: `Your server (${input.server})` });
  const current = currentChoice(input);
  if (!options.some((o) => o.value === current)) {
    const label =
      current === 'local'
        ? 'This device (no model loaded)'
        : current === 'claude'
          ? 'Claude (not available now)'
          : 'Your server (not set)';
    options.push({ value: current, label, unavailable: current !== 'local' });
  }
  return options;
}

/** What a choice means: the override to store, and the local model to load (its key), if any. */
export function parseChoice(value: ChoiceValue): { override: Target | null; loadKey: string | null } {
  if (value === 'auto') return { override: null, loadKey: null };
  if (value === 'claude' || value === 'server' || value === 'local')
    return { override: value, loadKey: null };
  if (value.startsWith('local:')) return { override: 'local', loadKey: value.slice('local:'.length) };
  return { override: null, loadKey: null };
}
