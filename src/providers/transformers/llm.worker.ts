/// <reference lib="webworker" />
/** The chat-model worker: a thin dispatch from the typed protocol onto the engine. */
import type { LlmMethods } from '../../platform/protocol/llm';
import { TransformersEngine } from './engine';
import { serveRpc } from '../../platform/rpc/server';

const engine = new TransformersEngine();

serveRpc<LlmMethods>(self, {
  load: (params, { emit, signal }) => engine.load(params, emit, signal),
  generate: (params, { emit, signal }) => engine.generate(params, emit, signal),
  countTokens: async ({ text }) => engine.countTokens(text),
  unload: () => engine.unload(),
});
