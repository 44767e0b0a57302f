/**
 * WebLLM engine worker. The page talks to it with WebLLM's `WebWorkerMLCEngine`
 * (see `src/providers/webllm/client.ts`); errors come back as SerializedError objects.
 */
import { hostWebLLMEngine } from './engine-host';

hostWebLLMEngine(self);
