/**
 * The colour theme: the user's choice (System, Light, Dark) resolved to `data-theme="light|dark"`
 * on <html>, which the stylesheets follow. System follows `prefers-color-scheme` as it changes.
 * The choice is stored with the app settings (IndexedDB); a copy in localStorage lets the start
 * code set the theme synchronously, before the first paint, while the database still opens.
 */
import { THEME_CHOICES, type ThemeChoice } from '../core/settings';

export type ResolvedTheme = 'light' | 'dark';

const MIRROR_KEY = 'tandem:theme';
const CHOICES = THEME_CHOICES;

let choice: ThemeChoice = 'system';
let media: MediaQueryList | null = null;

function systemTheme(): ResolvedTheme {
  return media?.matches ? 'dark' : 'light';
}

function paint(): void {
  if (typeof document === 'undefined') return;
  document.documentElement.dataset.theme = choice === 'system' ? systemTheme() : choice;
}

/** Applies a choice now and keeps following the system when the choice is System. */
export function applyTheme(next: ThemeChoice): void {
  choice = CHOICES.includes(next) ? next : 'system';
  if (!media && typeof matchMedia === 'function') {
    media = matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', paint);
  }
  paint();
  try {
    globalThis.localStorage?.setItem(MIRROR_KEY, choice);
  } catch {
    // Storage refused (private mode, full): the theme still applies for this session.
  }
}

/** At start, before the app mounts: the last choice seen, from the synchronous copy. */
export function applyRememberedTheme(): void {
  let stored: string | null = null;
  try {
    stored = globalThis.localStorage?.getItem(MIRROR_KEY) ?? null;
  } catch {
    stored = null;
  }
  applyTheme(CHOICES.find((c) => c === stored) ?? 'system');
}

/** The theme on screen now. */
export function currentTheme(): ResolvedTheme {
  if (typeof document === 'undefined') return 'light';
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/** Calls `listener` whenever the theme on screen changes; returns the unsubscribe. */
export function onThemeChange(listener: (theme: ResolvedTheme) => void): () => void {
  if (typeof MutationObserver !== 'function' || typeof document === 'undefined') return () => undefined;
  const observer = new MutationObserver(() => listener(currentTheme()));
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
