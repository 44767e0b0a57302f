/**
 * The component health checks (seed 002's `check_health`), pure: given what the app's states
 * already know, each component is up, down or not in use, with the reason and what to do.
 * Decisions are on codes; the words are for the panel.
 */
export type ComponentId =
  'chat-model' | 'embedding-model' | 'compression' | 'claude' | 'service-worker' | 'storage';
/** What the panel's button does (null: nothing to do). */
export type ActionCode =
  | 'open-models'
  | 'open-settings'
  | 'retry-embedding'
  | 'redownload-embedding'
  | 'check-claude'
  | 'reload'
  | 'persist';

export interface ComponentHealth {
  id: ComponentId;
  label: string;
  /** true: up; false: down; null: not in use (turned off, not needed). */
  up: boolean | null;
  reason: string;
  action: { code: ActionCode; label: string } | null;
}

type Status = 'idle' | 'loading' | 'ready' | 'error' | 'elsewhere';

export interface HealthInputs {
  chat: { status: Status; selected: { label: string; cached: boolean } | null; error: string | null };
  embedding: {
    mode: 'embeddings' | 'prompt-only' | 'off';
    model: string;
    status: Status;
    cached: boolean | null;
    error: string | null;
    /** The error's code: 'damaged-file' asks for a re-download, not a retry. */
    errorCode?: string | null;
  };
  compression: { enabled: boolean; method: 'lexical' | 'llmlingua2'; status: Status; error: string | null };
  claude: {
    hasKey: boolean;
    localOnly: boolean;
    check: { state: 'idle' | 'checking' | 'ok' | 'failed'; error?: string };
  };
  serviceWorker: { supported: boolean; active: boolean };
  storage: { usage: number | null; quota: number | null; persisted: boolean | null };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

function chat(c: HealthInputs['chat']): ComponentHealth {
  const base = { id: 'chat-model', label: 'Chat model' } as const;
  if (c.status === 'ready')
    return { ...base, up: true, reason: `${c.selected?.label ?? 'A model'} is loaded.`, action: null };
  if (c.status === 'loading') return { ...base, up: false, reason: 'The model is loading.', action: null };
  if (c.status === 'elsewhere')
    return {
      ...base,
      up: false,
      reason: 'Another Tandem tab runs the model.',
      action: { code: 'open-models', label: 'Use it here (Models)' },
    };
  if (c.status === 'error')
    return {
      ...base,
      up: false,
      reason: `The model failed to load: ${c.error ?? 'unknown error'}.`,
      action: { code: 'open-models', label: 'Open Models' },
    };
  const why = c.selected
    ? `${c.selected.label} is ${c.selected.cached ? 'on this device but not loaded' : 'not downloaded'}.`
    : 'No chat model is chosen.';
  return {
    ...base,
    up: false,
    reason: why,
    action: { code: 'open-models', label: 'Open Models and load a model' },
  };
}

function embedding(e: HealthInputs['embedding']): ComponentHealth {
  const base = { id: 'embedding-model', label: 'Embedding model' } as const;
  if (e.mode !== 'embeddings') {
    return {
      ...base,
      up: null,
      reason: e.mode === 'off' ? 'Health scoring is off.' : 'Prompt-only health: no embedding model needed.',
      action: null,
    };
  }
  if (e.status === 'ready') return { ...base, up: true, reason: `${e.model} is loaded.`, action: null };
  if (e.status === 'loading') return { ...base, up: false, reason: `${e.model} is loading.`, action: null };
  if (e.status === 'error' && e.errorCode === 'damaged-file') {
    return {
      ...base,
      up: false,
      reason: e.error ?? `${e.model}: the embedding model's files are damaged: re-download them.`,
      action: { code: 'redownload-embedding', label: 'Re-download it' },
    };
  }
  if (e.status === 'error') {
    return {
      ...base,
      up: false,
      reason: `${e.model} could not load${e.cached === false ? ' (it is not on this device)' : ''}: ${e.error ?? 'unknown error'}.`,
      action: { code: 'retry-embedding', label: 'Retry loading it' },
    };
  }
  if (e.cached === false) {
    return {
      ...base,
      up: false,
      reason: `${e.model} is missing: it is not on this device.`,
      action: { code: 'retry-embedding', label: 'Download and load it' },
    };
  }
  return {
    ...base,
    up: false,
    reason: `${e.model} is on this device but not loaded.`,
    action: { code: 'retry-embedding', label: 'Load it' },
  };
}

function compression(c: HealthInputs['compression']): ComponentHealth {
  const base = { id: 'compression', label: 'Compression' } as const;
  if (!c.enabled) return { ...base, up: null, reason: 'Context compression is off.', action: null };
  if (c.method === 'lexical')
    return { ...base, up: true, reason: 'Lexical compression (no model needed).', action: null };
  if (c.status === 'ready') return { ...base, up: true, reason: 'LLMLingua-2 is loaded.', action: null };
  const why =
    c.status === 'error'
      ? `LLMLingua-2 failed to load: ${c.error ?? 'unknown error'}`
      : c.status === 'loading'
        ? 'LLMLingua-2 is loading'
        : 'LLMLingua-2 is not loaded';
  return {
    ...base,
    up: false,
    reason: `${why}; the lexical method is used meanwhile.`,
    action: { code: 'open-settings', label: 'Load it in Settings → Claude' },
  };
}

function claude(c: HealthInputs['claude']): ComponentHealth {
  const base = { id: 'claude', label: 'Claude' } as const;
  if (c.localOnly)
    return { ...base, up: null, reason: 'Local only: nothing is sent to Claude.', action: null };
  if (!c.hasKey)
    return {
      ...base,
      up: false,
      reason: 'No API key.',
      action: { code: 'open-settings', label: 'Add your key in Settings → Claude' },
    };
  const check = { code: 'check-claude', label: 'Check now' } as const;
  switch (c.check.state) {
    case 'ok':
      return { ...base, up: true, reason: 'Key present; Claude answered the check.', action: check };
    case 'checking':
      return { ...base, up: null, reason: 'Checking…', action: null };
    case 'failed':
      return {
        ...base,
        up: false,
        reason: `Key present, but the check failed: ${c.check.error ?? 'unknown error'}.`,
        action: check,
      };
    default:
      return {
        ...base,
        up: true,
        reason: 'Key present (not checked: a check is one small request, made only when you ask).',
        action: check,
      };
  }
}

function serviceWorker(s: HealthInputs['serviceWorker']): ComponentHealth {
  const base = { id: 'service-worker', label: 'Service worker' } as const;
  if (!s.supported)
    return {
      ...base,
      up: false,
      reason: 'This browser has no service workers: no offline use.',
      action: null,
    };
  if (s.active) return { ...base, up: true, reason: 'Active: the app works offline.', action: null };
  return {
    ...base,
    up: false,
    reason: 'Not controlling this page yet (first visit, or just updated).',
    action: { code: 'reload', label: 'Reload' },
  };
}

function storage(s: HealthInputs['storage']): ComponentHealth {
  const base = { id: 'storage', label: 'Storage' } as const;
  if (s.usage === null || s.quota === null)
    return { ...base, up: null, reason: 'The browser does not report storage use.', action: null };
  const pct = s.quota > 0 ? Math.round((s.usage / s.quota) * 100) : 0;
  const use = `${mb(s.usage)} of ${mb(s.quota)} used (${pct}%)`;
  if (pct >= 90)
    return {
      ...base,
      up: false,
      reason: `${use}: nearly full.`,
      action: { code: 'open-models', label: 'Delete models you no longer use' },
    };
  if (s.persisted === false) {
    return {
      ...base,
      up: true,
      reason: `${use}; not persistent: the browser may clear it under pressure.`,
      action: { code: 'persist', label: 'Ask to keep data' },
    };
  }
  return { ...base, up: true, reason: `${use}${s.persisted ? '; persistent' : ''}.`, action: null };
}

export function evaluateHealth(input: HealthInputs): ComponentHealth[] {
  return [
    chat(input.chat),
    embedding(input.embedding),
    compression(input.compression),
    claude(input.claude),
    serviceWorker(input.serviceWorker),
    storage(input.storage),
  ];
}
