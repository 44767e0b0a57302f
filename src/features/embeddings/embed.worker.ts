/// <reference lib="webworker" />
/** The embedding worker: a thin dispatch from the typed protocol onto the engine. */
import { EmbeddingEngine } from './engine';
import type { EmbedMethods } from '../../platform/protocol/embed';
import { serveRpc } from '../../platform/rpc/server';

const engine = new EmbeddingEngine();

serveRpc<EmbedMethods>(self, {
  load: (params, { emit, signal }) => engine.load(params, emit, signal),
  embed: ({ texts }) => engine.embed(texts),
  unload: () => engine.unload(),
});
