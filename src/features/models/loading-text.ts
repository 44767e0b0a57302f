/**
 * What a local model's load has done so far, in words: "Loading tiny-chat… 93 KB of 226 KB"
 * (bytes per file for transformers.js and GGUF, a percentage where the engine reports only a
 * fraction). One owner for the chat's status line and the composer's reason.
 */
import type { FileProgress } from '../../core/provider';
import { formatBytes } from '../../ui/format';
import type { LocalModel } from './local-model.svelte';

/** "93 KB of 226 KB" over every file (just "93 KB" while no size is known). */
export function bytesSoFar(progress: readonly FileProgress[]): string {
  let loaded = 0;
  let total = 0;
  for (const p of progress) {
    loaded += p.loadedBytes;
    total += p.totalBytes ?? 0;
  }
  return `${formatBytes(loaded)}${total ? ` of ${formatBytes(total)}` : ''}`;
}

const percent = (fraction: number | null | undefined): string =>
  fraction === null || fraction === undefined ? '' : `${Math.round(fraction * 100)}%`;

/** How far the load has come ("93 KB of 226 KB", "40%", or '' before the first report). */
export function loadProgressText(local: LocalModel): string {
  if (local.backend === 'webllm') return percent(local.webllm.progress?.fraction);
  if (local.backend === 'chrome') return percent(local.chrome.progress);
  const progress = local.backend === 'gguf' ? local.gguf.progress : local.transformers.progress;
  return progress.length ? bytesSoFar(progress) : '';
}

/** "Loading tiny-chat… 93 KB of 226 KB" while a load runs; null otherwise. */
export function loadingText(local: LocalModel): string | null {
  if (local.status !== 'loading') return null;
  const name = local.info?.label ?? 'the model';
  return `Loading ${name}… ${loadProgressText(local)}`.trim();
}
