/// <reference lib="webworker" />
/** The LLMLingua-2 compression worker: a thin dispatch from the typed protocol onto the engine. */
import { CompressionEngine } from './engine';
import type { CompressMethods } from '../../platform/protocol/compress';
import { serveRpc } from '../../platform/rpc/server';

const engine = new CompressionEngine();

serveRpc<CompressMethods>(self, {
  load: (params, { emit }) => engine.load(params, emit),
  compress: ({ texts, rate }) => engine.compress(texts, rate),
});
