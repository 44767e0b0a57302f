/**
 * Assembles streamed tool calls: each call arrives as deltas keyed by `index` (the id and name
 * usually in the first, the JSON arguments split over many), and parallel calls interleave.
 * A server that leaves `index` out (older Ollama) sends each call whole: its position counts.
 */
import { TandemError } from '../../core/errors';

export interface ToolCallDeltaLike {
  index?: number | undefined;
  id?: string | null | undefined;
  function?: { name?: string | null | undefined; arguments?: string | null | undefined } | null | undefined;
}

export interface AssembledToolCall {
  id: string;
  name: string;
  input: unknown;
}

interface Pending {
  id: string;
  name: string;
  args: string;
}

/** Parses a call's arguments: a JSON object as text (OpenAI) or already an object; empty means `{}`. */
export function parseArguments(name: string, raw: unknown): unknown {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'string') return raw;
  if (!raw.trim()) return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new TandemError(
      'bad-response',
      `The server's model asked for the tool "${name}" with arguments that are not valid JSON. Try again, or pick a model that supports tool calls.`,
      { retryable: true, name: 'ServerError', details: { tool: name } },
    );
  }
}

export class ToolCallAssembler {
  private readonly calls = new Map<number, Pending>();

  get size(): number {
    return this.calls.size;
  }

  push(deltas: readonly ToolCallDeltaLike[]): void {
    const base = this.calls.size;
    deltas.forEach((delta, position) => {
      const index = delta.index ?? base + position;
      let call = this.calls.get(index);
      if (!call) {
        call = { id: '', name: '', args: '' };
        this.calls.set(index, call);
      }
      if (delta.id) call.id = delta.id;
      const fn = delta.function;
      // Most servers name the call once; some repeat the whole name in every delta.
      if (fn?.name && fn.name !== call.name) call.name += fn.name;
      if (fn?.arguments) call.args += fn.arguments;
    });
  }

  /** The calls in index order, arguments parsed. Throws `bad-response` on invalid JSON. */
  finish(): AssembledToolCall[] {
    return [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, call]) => {
        const name = call.name || 'unknown';
        return { id: call.id || `call_${index}`, name, input: parseArguments(name, call.args) };
      });
  }
}
