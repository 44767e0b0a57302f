/**
 * Claude prices and cost arithmetic.
 *
 * The table is DATA THE USER CAN EDIT (Settings): prices change, and gateways charge their own.
 * Defaults are Anthropic's published list prices in USD per million tokens at the time of
 * writing (standard input/output, 5-minute prompt-cache writes at 1.25x and reads at 0.1x the
 * input price, no batch discounts). A model matches a row by exact
 * ID or by prefix, so dated IDs such as `claude-haiku-4-5-20251001` find `claude-haiku-4-5`.
 */
import type { Usage } from '../../core/provider';
import type { ModelPrice } from '../../core/claude-settings';

export const CACHE_WRITE_FACTOR = 1.25;
export const CACHE_READ_FACTOR = 0.1;

const row = (model: string, label: string, input: number, output: number): ModelPrice => ({
  model,
  label,
  inputPerMTok: input,
  outputPerMTok: output,
  cacheWritePerMTok: Math.round(input * CACHE_WRITE_FACTOR * 1000) / 1000,
  cacheReadPerMTok: Math.round(input * CACHE_READ_FACTOR * 1000) / 1000,
});

/** The cache prices of a row, with the API's standard ratios where the row has none. */
export function cachePrices(price: ModelPrice): { write: number; read: number } {
  return {
    write: price.cacheWritePerMTok ?? price.inputPerMTok * CACHE_WRITE_FACTOR,
    read: price.cacheReadPerMTok ?? price.inputPerMTok * CACHE_READ_FACTOR,
  };
}

export type PriceTable = readonly ModelPrice[];

/** Current Sonnet and Haiku first (the default model list), then older IDs users may still pick. */
export const DEFAULT_PRICE_TABLE: PriceTable = Object.freeze([
  row('claude-sonnet-5-5', 'Claude Sonnet 5.5', 2, 10),
  row('claude-haiku-4-5', 'Claude Haiku 4.5', 1, 5),
  row('claude-sonnet-5', 'Claude Sonnet 5', 2, 10),
  row('claude-sonnet-4-5', 'Claude Sonnet 4.5', 3, 15),
  row('claude-3-5-haiku', 'Claude Haiku 3.5', 0.8, 4),
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

/**
 * Cost in USD of a usage on a model; null when the model has no price row. Input tokens written
 * to or read from the prompt cache are billed at the cache prices, the rest at the input price.
 */
export function costUsd(usage: Usage, model: string, table: PriceTable = DEFAULT_PRICE_TABLE): number | null {
  const price = findPrice(model, table);
  if (!price) return null;
  const cache = cachePrices(price);
  const written = usage.cacheWriteTokens ?? 0;
  const read = usage.cacheReadTokens ?? 0;
  const plain = Math.max(0, usage.inputTokens - written - read);
  return (
    (plain * price.inputPerMTok +
      written * cache.write +
      read * cache.read +
      usage.outputTokens * price.outputPerMTok) /
    1_000_000
  );
}

/**
 * What prompt caching saved on a usage: the same input at the plain input price, minus what it
 * cost with cache writes and reads (negative when a written prefix was never read again).
 */
export function cacheSavingUsd(
  usage: Usage,
  model: string,
  table: PriceTable = DEFAULT_PRICE_TABLE,
): number | null {
  const price = findPrice(model, table);
  if (!price) return null;
  const cache = cachePrices(price);
  const written = usage.cacheWriteTokens ?? 0;
  const read = usage.cacheReadTokens ?? 0;
  return (
    (read * (price.inputPerMTok - cache.read) - written * (cache.write - price.inputPerMTok)) / 1_000_000
  );
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
  /** Input tokens written to / read from the prompt cache, and what caching saved. */
  cacheWriteTokens: number;
  cacheReadTokens: number;
  cacheSavedUsd: number;
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
    cacheWriteTokens: 0,
    cacheReadTokens: 0,
    cacheSavedUsd: 0,
  };
  for (const entry of entries) {
    if (entry.target === 'local') {
      totals.localMessages++;
      totals.savedUsd += estimateSavingsUsd(entry.usage, entry.model, table);
      continue;
    }
    totals.inputTokens += entry.usage.inputTokens;
    totals.outputTokens += entry.usage.outputTokens;
    totals.cacheWriteTokens += entry.usage.cacheWriteTokens ?? 0;
    totals.cacheReadTokens += entry.usage.cacheReadTokens ?? 0;
    totals.cacheSavedUsd += cacheSavingUsd(entry.usage, entry.model, table) ?? 0;
    const cost = costUsd(entry.usage, entry.model, table);
    if (cost === null) totals.unpriced++;
    else totals.costUsd += cost;
  }
  return totals;
}

/** Dollars for display (moved to util/format; kept here for existing imports). */
