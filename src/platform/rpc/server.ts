/**
 * Worker side of the RPC: dispatches calls to handlers, gives each an AbortSignal and an
 * `emit` for streamed events, and posts either a return or a serialised error.
 */
import { serializeError } from '../../core/errors';
import type { MethodMap, RpcFromWorker, RpcToWorker } from './protocol';

export interface HandlerContext<E> {
  signal: AbortSignal;
  emit: (event: E) => void;
}

export type Handlers<M extends MethodMap> = {
  [K in keyof M]: (params: M[K]['params'], context: HandlerContext<M[K]['event']>) => Promise<M[K]['result']>;
};

export interface PortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export function serveRpc<M extends MethodMap>(port: PortLike, handlers: Handlers<M>): void {
  const controllers = new Map<number, AbortController>();
  const post = (message: RpcFromWorker<M>): void => port.postMessage(message);

  port.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as RpcToWorker<M>;
    if (message.kind === 'abort') {
      controllers.get(message.id)?.abort();
      return;
    }
    if (message.kind !== 'call') return;
    const { id, method, params } = message;
    const controller = new AbortController();
    controllers.set(id, controller);
    const handler = handlers[method];
    const emit = (payload: unknown): void => {
      if (!controller.signal.aborted) post({ kind: 'event', id, method, event: payload } as RpcFromWorker<M>);
    };
    Promise.resolve()
      .then(() => handler(params, { signal: controller.signal, emit }))
      .then(
        (value) => post({ kind: 'return', id, method, value } as RpcFromWorker<M>),
        (error: unknown) => post({ kind: 'throw', id, error: serializeError(error) }),
      )
      .finally(() => controllers.delete(id));
  });
  post({ kind: 'ready' });
}
