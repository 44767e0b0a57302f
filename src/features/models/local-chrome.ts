/**
 * What the local-model owner needs of `ChromeModelState` (Chrome's built-in model, the Prompt
 * API), its one entry, and an inert stand-in for owners built without one (tests, and browsers
 * without `LanguageModel`: nothing to offer).
 */
import type { ChatProvider } from '../../core/provider';
import type { Availability } from '../../providers/chrome/prompt-api';
import {
  CHROME_MODEL_ID,
  CHROME_MODEL_LABEL,
  type ChromeContextReport,
} from '../../providers/chrome/provider';
import type { Backend } from './local-backend';

export interface ChromeModelEntry {
  id: string;
  label: string;
  family: string;
  contextWindow: number;
}

/** The window assumed until a session reports its own (`contextWindow`). */
export const CHROME_DEFAULT_WINDOW = 4096;

/** The one built-in model; `family` is the name route labels use ("local Gemini Nano …: greeting"). */
export const CHROME_ENTRY: ChromeModelEntry = {
  id: CHROME_MODEL_ID,
  label: CHROME_MODEL_LABEL,
  family: 'Gemini Nano (Chrome built-in)',
  contextWindow: CHROME_DEFAULT_WINDOW,
};

export interface ChromeBackend extends Backend<ChromeModelEntry> {
  /** Whether the Prompt API exists in this browser at all. */
  readonly present: boolean;
  /** As `LanguageModel.availability()` last said (null: not asked yet, or no API). */
  availability: Availability | null;
  /** The download while `create()` fetches the model, 0..1 (null: none). */
  progress: number | null;
  /** The context the session reported after the latest answer (null: none yet). */
  readonly context: ChromeContextReport | null;
  readonly provider: ChatProvider;
}

const noProvider: ChatProvider = {
  kind: 'chrome',
  label: CHROME_MODEL_LABEL,
  stream: () => {
    throw new Error('no Chrome backend');
  },
};

/** A Chrome backend that never loads anything (a new one each time: the owner sets its hooks). */
export const inertChrome = (): ChromeBackend => ({
  present: false,
  availability: null,
  progress: null,
  context: null,
  status: 'idle',
  active: null,
  error: null,
  selected: undefined,
  provider: noProvider,
  beforeLoad: () => undefined,
  load: async () => undefined,
  unload: () => undefined,
  takeOver: async () => undefined,
  refreshCached: async () => undefined,
  isCached: () => false,
});
