/**
 * The envelope every page<->worker conversation uses.
 *
 * A worker exposes a *method map*: for each method its params, the events it may stream while
 * running and its result. Both sides import the same map type from `src/lib/protocol/`, so they
 * cannot drift. Every call carries an id, so many calls may be in flight; a call can be
 * aborted; errors cross as `SerializedError` and are rebuilt as typed errors on arrival.
 */
import type { SerializedError } from '../../core/errors';

export interface MethodSpec {
  params: unknown;
  event: unknown;
  result: unknown;
}

export type MethodMap = Record<string, MethodSpec>;

export type RpcToWorker<M extends MethodMap> =
  | { [K in keyof M & string]: { kind: 'call'; id: number; method: K; params: M[K]['params'] } }[keyof M &
      string]
  | { kind: 'abort'; id: number };

export type RpcFromWorker<M extends MethodMap> =
  | { [K in keyof M & string]: { kind: 'event'; id: number; method: K; event: M[K]['event'] } }[keyof M &
      string]
  | { [K in keyof M & string]: { kind: 'return'; id: number; method: K; value: M[K]['result'] } }[keyof M &
      string]
  | { kind: 'throw'; id: number; error: SerializedError }
  /** Sent once when the worker's script has loaded and its handlers are installed. */
  | { kind: 'ready' };
