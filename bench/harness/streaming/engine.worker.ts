/**
 * The benchmark's model worker: the app's WebLLM worker handler (engine-host.ts, WebLLM's own
 * worker protocol) with the fake engine inside, streaming a scripted answer at a fixed rate.
 * Tokens are paced on an absolute schedule (token i is due at start + i / rate), with a
 * MessageChannel wait that is not clamped like nested timers (4 ms), so 1,000 tok/s is reachable.
 */
import type { MLCEngine } from '@mlc-ai/web-llm';
import { TandemWebLLMHandler } from '../../../src/providers/webllm/engine-host';
import { FakeMLCEngine } from '../../../src/providers/webllm/testing/fake-engine';

let chunks: string[] = [];
let intervalMs = 1;
let due = 0;

const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => {
  const next = waiting.shift();
  next?.();
};
const tick = (): Promise<void> =>
  new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

async function pace(): Promise<void> {
  if (due === 0) due = performance.now();
  due += intervalMs;
  while (performance.now() < due) await tick();
}

const handler = new TandemWebLLMHandler();
handler.engine = new FakeMLCEngine({
  loadedModelId: null,
  script: () => {
    due = 0;
    return { chunks, delayMs: intervalMs };
  },
  sleep: pace,
}) as unknown as MLCEngine;

self.onmessage = (event: MessageEvent) => {
  const data = event.data as { bench?: { chunks: string[]; tokensPerSecond: number } };
  if (data.bench) {
    chunks = data.bench.chunks;
    intervalMs = 1000 / data.bench.tokensPerSecond;
    (self as unknown as Worker).postMessage({ benchReady: true });
    return;
  }
  handler.onmessage(event);
};
