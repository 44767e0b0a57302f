/**
 * What the local-model owner needs of `GgufState` (llama.cpp, GGUF), and an inert stand-in for
 * owners built without one (tests of the other two backends).
 */
import type { FileProgress } from '../../core/provider';
import type { GgufLoadResult } from '../../platform/protocol/gguf';
import type { GgufProvider } from '../../providers/gguf/provider';
import type { GgufModelEntry } from './gguf-catalog';
import type { Backend } from './local-backend';

export interface GgufBackend extends Backend<GgufModelEntry> {
  progress: FileProgress[];
  loadInfo: GgufLoadResult | null;
  readonly entries: GgufModelEntry[];
  readonly contextWindow: number | null;
  readonly provider: GgufProvider;
}

const noProvider = {
  kind: 'gguf',
  label: 'No model loaded',
  stream: () => {
    throw new Error('no GGUF backend');
  },
} as unknown as GgufProvider;

/** A GGUF backend that never loads anything (a new one each time: the owner sets its hooks). */
export const inertGguf = (): GgufBackend => ({
  status: 'idle',
  active: null,
  error: null,
  selected: undefined,
  progress: [],
  loadInfo: null,
  entries: [],
  contextWindow: null,
  provider: noProvider,
  beforeLoad: () => undefined,
  load: async () => undefined,
  unload: () => undefined,
  takeOver: async () => undefined,
  refreshCached: async () => undefined,
  isCached: () => false,
});
