/** What the local-model owner needs of every backend state (transformers.js, WebLLM, GGUF). */
import type { SerializedError } from '../../core/errors';
import type { LoadOptions } from './transformers-backend.svelte';

export type LocalModelStatus = 'idle' | 'loading' | 'ready' | 'error' | 'elsewhere';

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
