/** What the local-model owner needs of every backend state (transformers.js, WebLLM, GGUF). */
import type { SerializedError } from '../../core/errors';

/**
 * The one status of every local backend (transformers.js, WebLLM, GGUF, Chrome's built-in model).
 * 'elsewhere': another tab runs the local model, so this one did not load a second copy.
 */
export type LocalModelStatus = 'idle' | 'loading' | 'ready' | 'error' | 'elsewhere';

/** `takeOver`: move the engine from another tab; `persist: false`: do not make it the user's choice. */
export interface LoadOptions {
  takeOver?: boolean;
  persist?: boolean;
}

export interface Backend<Entry> {
  status: LocalModelStatus;
  active: Entry | null;
  error: SerializedError | null;
  readonly selected: Entry | undefined;
  /** Runs before every load (set here: it unloads the other backend). */
  beforeLoad: () => void;
  load(entry: Entry, options?: LoadOptions): Promise<void>;
  unload(): void;
  takeOver(): Promise<void>;
  refreshCached(): Promise<void>;
  isCached(entry: Entry): boolean;
}
