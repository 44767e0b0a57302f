/**
 * WebLLM engine worker. The page talks to it with WebLLM's `WebWorkerMLCEngine`
 * (see `src/lib/providers/webllm/client.ts`); errors come back as SerializedError objects.
 */
import { hostWebLLMEngine } from '../providers/webllm/engine-host';

hostWebLLMEngine(self);
