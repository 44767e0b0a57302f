/**
 * Claude prices and cost arithmetic.
 *
 * The table is DATA THE USER CAN EDIT (Settings): prices change, and gateways charge their own.
 * Defaults are Anthropic's published list prices in USD per million tokens at the time of
 * writing (standard input/output, no caching or batch discounts). A model matches a row by exact
 * ID or by prefix, so dated IDs such as `claude-haiku-4-5-20251001` find `claude-haiku-4-5`.
 */
import type { Usage } from '../types';

export interface ModelPrice {
  /** Model ID or ID prefix, e.g. "claude-sonnet-5-5". */
  model: string;
  label: string;
  inputPerMTok: number;
  outputPerMTok: number;
}

export type PriceTable = readonly ModelPrice[];

/** Current Sonnet and Haiku first (the default model list), then older IDs users may still pick. */
export const DEFAULT_PRICE_TABLE: PriceTable = Object.freeze([
  { model: 'claude-sonnet-5-5', label: 'Claude Sonnet 5.5', inputPerMTok: 2, outputPerMTok: 10 },
  { model: 'claude-haiku-4-5', label: 'Claude Haiku 4.5', inputPerMTok: 1, outputPerMTok: 5 },
  { model: 'claude-sonnet-5', label: 'Claude Sonnet 5', inputPerMTok: 2, outputPerMTok: 10 },
  { model: 'claude-sonnet-4-5', label: 'Claude Sonnet 4.5', inputPerMTok: 3, outputPerMTok: 15 },
  { model: 'claude-3-5-haiku', label: 'Claude Haiku 3.5', inputPerMTok: 0.8, outputPerMTok: 4 },
]);

/** The editable default model list offered in Settings (current Sonnet and Haiku). */
export const DEFAULT_CLAUDE_MODELS: readonly string[] = Object.freeze([
  'claude-sonnet-5-5',
  'claude-haiku-4-5',
]);

/** Longest matching row (exact ID first, then the longest prefix). */
export function findPrice(model: string, table: PriceTable = DEFAULT_PRICE_TABLE): ModelPrice | null {
  let best: ModelPrice | null = null;
  for (const row of table) {
    if (row.model === model) return row;
    if (model.startsWith(`${row.model}-`) && (!best || row.model.length > best.model.length)) best = row;
  }
  return best;
}

/** Cost in USD of a usage on a model; null when the model has no price row. */
export function costUsd(usage: Usage, model: string, table: PriceTable = DEFAULT_PRICE_TABLE): number | null {
  const price = findPrice(model, table);
  if (!price) return null;
  return (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
}

/**
 * Estimated saving of an answer served locally: what the same tokens would have cost on the
 * reference Claude model (the one the router would have used). Local token counts come from
 * the local tokenizer or the chars/4 estimate, so this is an estimate by nature.
 */
export function estimateSavingsUsd(
  localUsage: Usage,
  referenceModel: string,
  table: PriceTable = DEFAULT_PRICE_TABLE,
): number {
  return costUsd(localUsage, referenceModel, table) ?? 0;
}

export interface CostTotals {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Messages whose model had no price row (cost counted as 0). */
  unpriced: number;
  localMessages: number;
  savedUsd: number;
}

export interface CostEntry {
  target: 'local' | 'claude';
  usage: Usage;
  /** Claude model that answered, or for a local answer the reference model for savings. */
  model: string;
}

/** Totals for a conversation or for everything (Settings / Metrics). */
export function totalCost(
  entries: readonly CostEntry[],
  table: PriceTable = DEFAULT_PRICE_TABLE,
): CostTotals {
  const totals: CostTotals = {
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    unpriced: 0,
    localMessages: 0,
    savedUsd: 0,
  };
  for (const entry of entries) {
    if (entry.target === 'local') {
      totals.localMessages++;
      totals.savedUsd += estimateSavingsUsd(entry.usage, entry.model, table);
      continue;
    }
    totals.inputTokens += entry.usage.inputTokens;
    totals.outputTokens += entry.usage.outputTokens;
    const cost = costUsd(entry.usage, entry.model, table);
    if (cost === null) totals.unpriced++;
    else totals.costUsd += cost;
  }
  return totals;
}

/** Dollars for display (moved to util/format; kept here for existing imports). */
export { formatUsd } from '../../util/format';
