/// <reference lib="webworker" />
/** The GGUF worker: a thin dispatch from the typed protocol onto the llama.cpp engine. */
import { serveRpc } from '../../platform/rpc/server';
import type { GgufMethods } from '../../platform/protocol/gguf';
import { GgufEngine } from './engine';

const engine = new GgufEngine();

serveRpc<GgufMethods>(self, {
  load: (params, { emit, signal }) => engine.load(params, emit, signal),
  generate: (params, { emit, signal }) => engine.generate(params, emit, signal),
  unload: () => engine.unload(),
});
