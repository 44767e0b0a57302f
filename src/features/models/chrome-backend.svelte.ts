/**
 * Chrome's built-in model as the device model (the local tier): no download by Tandem, Chrome
 * keeps one copy for every site.
 *
 * - Shown only where `LanguageModel` exists (`present`); `availability` is what the API says
 *   (unavailable / downloadable / downloading / available).
 * - `load()` is the Models page's click: `create()` with a download monitor (Chrome refuses a
 *   download without a user gesture), then the session is held while the model is in use: its
 *   `contextWindow` is the window the context policy and the router count with.
 * - Answers run on `provider` (one session per answer, the conversation as `initialPrompts`);
 *   after each, `context` holds the usage the session reported.
 * - `unload()` (and switching to another backend: the owner's `beforeLoad`) destroys the session.
 *
 * Chrome runs the model outside the page, so it takes no part in the one-engine-per-browser lock.
 */
import { serializeError, type SerializedError } from '../../core/errors';
import { CancellableTask } from '../../core/cancellable';
import type { SettingsState } from '../../platform/settings.svelte';
import {
  contextOf,
  getLanguageModel,
  type Availability,
  type LanguageModelSession,
  type LanguageModelStatic,
} from '../../providers/chrome/prompt-api';
import {
  ChromeProvider,
  chromeModelAvailability,
  openChromeSession,
  type ChromeContextReport,
} from '../../providers/chrome/provider';
import { CHROME_ENTRY, type ChromeBackend, type ChromeModelEntry } from './local-chrome';
import type { LoadOptions, LocalModelStatus } from './local-backend';

export class ChromeModelState implements ChromeBackend {
  status = $state<LocalModelStatus>('idle');
  active = $state.raw<ChromeModelEntry | null>(null);
  error = $state.raw<SerializedError | null>(null);
  availability = $state<Availability | null>(null);
  progress = $state<number | null>(null);
  /** What the session reported after the latest answer (null: none yet). */
  context = $state.raw<ChromeContextReport | null>(null);

  beforeLoad: () => void = () => undefined;
  readonly present: boolean;
  readonly provider: ChromeProvider;
  private session: LanguageModelSession | null = null;
  private readonly loads = new CancellableTask();

  constructor(
    private readonly settings: Pick<SettingsState, 'current' | 'update'>,
    private readonly api: LanguageModelStatic | null = getLanguageModel(),
  ) {
    this.present = api !== null;
    this.provider = new ChromeProvider({ api, onContext: (report) => (this.context = report) });
  }

  get selected(): ChromeModelEntry | undefined {
    return this.present ? CHROME_ENTRY : undefined;
  }

  /** "On this device": Chrome has the model and opens it without a download (or a click). */
  isCached(entry: ChromeModelEntry = CHROME_ENTRY): boolean {
    return entry.id === CHROME_ENTRY.id && this.availability === 'available';
  }

  async refreshCached(): Promise<void> {
    this.availability = await chromeModelAvailability(this.api);
  }

  /** Opens the built-in model (downloading it first when needed: call from a click). */
  async load(entry: ChromeModelEntry = CHROME_ENTRY, options: LoadOptions = {}): Promise<void> {
    this.beforeLoad();
    const outcome = await this.loads.run(
      (signal) => {
        // create() first, while the click that started this is still an activation.
        const opening = openChromeSession((f) => (this.progress = f), signal, this.api);
        this.active = entry;
        this.error = null;
        this.context = null;
        this.progress = null;
        this.status = 'loading';
        // A download now shows as `downloading`.
        if (this.availability !== 'available') void this.refreshCached();
        return opening;
      },
      { discard: (session) => session.destroy() },
    );
    this.progress = null;
    if (outcome.status === 'done') {
      this.session = outcome.value;
      const window = contextOf(outcome.value).window;
      this.active = { ...entry, contextWindow: window ?? entry.contextWindow };
      this.availability = 'available';
      this.status = 'ready';
      if (options.persist !== false) await this.settings.update({ localBackend: 'chrome' });
    } else if (outcome.status === 'cancelled') {
      this.status = 'idle';
    } else if (outcome.status === 'failed') {
      this.status = 'error';
      this.error = serializeError(outcome.error);
      await this.refreshCached();
    }
  }

  /** Ends the held session (`destroy()`): the built-in model is no longer the device model. */
  unload(): void {
    this.loads.cancel();
    this.session?.destroy();
    this.session = null;
    this.progress = null;
    this.status = 'idle';
  }

  /** Nothing to take over: Chrome, not a tab, runs the model. */
  async takeOver(): Promise<void> {}
}
