/**
 * Tokens per second mean two things: for a model on this device, how fast it decodes; for Claude
 * or the user's server, how fast the answer's stream arrived over the network. The two are shown
 * apart: remote rates are labelled as stream rates and stay off the local bars' scale, so one fast
 * stream does not flatten the local models' bars.
 */
import type { ModelSummary } from './summary';

/** A model that answers over the network (by its id's prefix: `claude:`, `server:`). */
export function isNetworkModel(model: string): boolean {
  return model.startsWith('claude:') || model.startsWith('server:');
}

/** The tok/s the local bars are drawn against: the largest local median (at least 1). */
export function localTpsScale(summaries: readonly ModelSummary[]): number {
  return Math.max(1, ...summaries.filter((s) => !isNetworkModel(s.model)).map((s) => s.tpsP50 ?? 0));
}

export const STREAM_RATE_LABEL = 'stream rate (network)';
