/**
 * In-browser tools Claude may call, each with a JSON schema.
 *
 * - `calculator`: a tiny recursive-descent arithmetic parser (no eval, no Function, no property
 *   access: only numbers, + - * / % ^ **, parentheses, a whitelist of functions and constants).
 * - `search_history`: searches the user's own conversations through an injected function, so
 *   this module never touches IndexedDB itself.
 */
import type { ApiTool } from './api-types';
import { CalculatorError, evaluateExpression, formatNumber } from './calculator';

export interface ToolContext {
  signal?: AbortSignal;
}

export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema for the input object. */
  inputSchema: Record<string, unknown>;
  /** Returns the text sent back to Claude; throw to report an error to the model. */
  run(input: unknown, ctx: ToolContext): Promise<string>;
}

export interface ToolRunResult {
  output: string;
  isError: boolean;
}

export class ToolRegistry {
  private readonly tools = new Map<string, ToolDefinition>();

  constructor(tools: readonly ToolDefinition[] = []) {
    for (const tool of tools) this.register(tool);
  }

  register(tool: ToolDefinition): this {
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(tool.name)) throw new Error(`Bad tool name: ${tool.name}`);
    this.tools.set(tool.name, tool);
    return this;
  }

  get(name: string): ToolDefinition | undefined {
    return this.tools.get(name);
  }

  list(): ToolDefinition[] {
    return [...this.tools.values()];
  }

  get size(): number {
    return this.tools.size;
  }

  /** The `tools` array of a Messages API request. */
  toApiTools(): ApiTool[] {
    return this.list().map((t) => ({
      name: t.name,
      description: t.description,
      input_schema: t.inputSchema,
    }));
  }

  /** Runs a tool; unknown tools and thrown errors become `isError` results for the model. */
  async run(name: string, input: unknown, ctx: ToolContext = {}): Promise<ToolRunResult> {
    const tool = this.tools.get(name);
    if (!tool) return { output: `Unknown tool: ${name}`, isError: true };
    try {
      return { output: await tool.run(input, ctx), isError: false };
    } catch (error) {
      if (ctx.signal?.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      return { output: `Error: ${message}`, isError: true };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Calculator (the parser: `calculator.ts`)

export const calculatorTool: ToolDefinition = {
  name: 'calculator',
  description:
    'Evaluates an arithmetic expression exactly and returns the number. Supports + - * / % ^, parentheses, ' +
    'sqrt, cbrt, abs, round, floor, ceil, exp, ln, log(x[, base]), log10, log2, sin, cos, tan, asin, acos, atan, ' +
    'min, max, pow and the constants pi, e, tau. Use it for any calculation instead of computing in your head.',
  inputSchema: {
    type: 'object',
    properties: {
      expression: { type: 'string', description: 'The expression, e.g. "(12.5 * 4) / 3 + sqrt(16)".' },
    },
    required: ['expression'],
    additionalProperties: false,
  },
  async run(input) {
    const expression =
      typeof input === 'object' && input !== null && 'expression' in input
        ? (input as { expression: unknown }).expression
        : undefined;
    if (typeof expression !== 'string') throw new CalculatorError('Missing "expression" (a string).');
    return formatNumber(evaluateExpression(expression));
  },
};

// ---------------------------------------------------------------------------------------------
// Search over the user's own history

export interface HistoryHit {
  conversationId: string;
  title: string;
  snippet: string;
}

export type SearchHistoryFn = (query: string, options?: { signal?: AbortSignal }) => Promise<HistoryHit[]>;

export function createSearchHistoryTool(search: SearchHistoryFn, maxResults = 5): ToolDefinition {
  return {
    name: 'search_history',
    description:
      "Searches the user's own earlier conversations in this app (stored only on their device) and returns " +
      'matching conversations with a title and a short snippet. Use it when the user refers to something ' +
      'they discussed or asked before.',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'Words to look for.' },
        limit: { type: 'integer', minimum: 1, maximum: 10, description: 'Maximum number of results.' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    async run(input, ctx) {
      const obj = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
      const query = typeof obj.query === 'string' ? obj.query.trim() : '';
      if (!query) throw new Error('Missing "query" (a non-empty string).');
      const limit =
        typeof obj.limit === 'number' && Number.isFinite(obj.limit)
          ? Math.min(10, Math.max(1, Math.floor(obj.limit)))
          : maxResults;
      const hits = await search(query, ctx.signal ? { signal: ctx.signal } : undefined);
      const results = hits.slice(0, limit).map((h) => ({
        conversationId: h.conversationId,
        title: h.title.slice(0, 120),
        snippet: h.snippet.slice(0, 300),
      }));
      return JSON.stringify({ query, count: results.length, results });
    },
  };
}

/** The default registry: calculator, plus search_history when a search function is given. */
export function createDefaultTools(options: { searchHistory?: SearchHistoryFn } = {}): ToolRegistry {
  const registry = new ToolRegistry([calculatorTool]);
  if (options.searchHistory) registry.register(createSearchHistoryTool(options.searchHistory));
  return registry;
}
