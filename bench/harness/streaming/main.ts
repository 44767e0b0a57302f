/**
 * Streaming benchmark page (bench/streaming.ts drives it). `window.bench.run(mode)`:
 *  - 'app': the answer goes fake engine -> WebLLM worker protocol -> WebLLMProvider -> ChatState
 *    (collectAnswer, persistence to the real IndexedDB) -> MessageList/Markdown in the page;
 *  - 'raw': the same worker stream, read by the page through the same provider and appended as
 *    plain text to one element (the reference).
 */
import { WebWorkerMLCEngine } from '@mlc-ai/web-llm';
import { flushSync, mount } from 'svelte';
import { ConversationRepository } from '../../../src/platform/db/conversations';
import { KeyValueRepository } from '../../../src/platform/db/kv';
import { openAppDb } from '../../../src/platform/db/schema';
import type { StoredMessage } from '../../../src/core/stored';
import { WebLLMProvider } from '../../../src/providers/webllm/provider';
import { DEFAULT_GENERATION_SETTINGS } from '../../../src/core/provider';
import { ChatState } from '../../../src/features/chat/chat.svelte';
import Harness from './Harness.svelte';
import { openLong } from './long';
import '../../../src/ui/styles/index.css';

interface RunResult {
  mode: 'app' | 'raw';
  tokens: number;
  firstToLastMs: number;
  tokensPerSecond: number;
  longTasks: number[];
  idbWrites: number;
  composerMutations: number;
  otherAnswerMutations: number;
  streamingAnswerMutations: number;
  shownChars: number;
}

async function engine(chunks: string[], tokensPerSecond: number): Promise<WebLLMProvider> {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  await new Promise<void>((resolve) => {
    worker.addEventListener('message', function ready(e: MessageEvent) {
      if ((e.data as { benchReady?: boolean }).benchReady) {
        worker.removeEventListener('message', ready);
        resolve();
      }
    });
    worker.postMessage({ bench: { chunks, tokensPerSecond } });
  });
  const client = new WebWorkerMLCEngine(worker);
  await client.reload('bench-model');
  return new WebLLMProvider({ engine: client, modelId: 'bench-model' });
}

function observeLongTasks(): { stop: () => number[] } {
  const out: number[] = [];
  const obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => out.push(e.duration)));
  obs.observe({ type: 'longtask' });
  return {
    stop: () => {
      obs.disconnect();
      return out;
    },
  };
}

function mutations(el: Element | null): { stop: () => number } {
  let n = 0;
  const obs = new MutationObserver((records) => (n += records.length));
  if (el) obs.observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
  return { stop: () => (obs.disconnect(), n) };
}

/** Counts text deltas as the page receives them (wrapping the provider the chat uses). */
function timed(provider: WebLLMProvider, times: number[]): WebLLMProvider {
  return new Proxy(provider, {
    get(target, key) {
      if (key !== 'stream') return Reflect.get(target, key) as unknown;
      return async function* (request: Parameters<WebLLMProvider['stream']>[0]) {
        for await (const part of target.stream(request)) {
          if (part.type === 'text-delta') times.push(performance.now());
          yield part;
        }
      };
    },
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(mode: 'app' | 'raw', chunks: string[], tokensPerSecond: number): Promise<RunResult> {
  const provider = await engine(chunks, tokensPerSecond);
  const target = document.getElementById('app')!;
  target.textContent = '';
  const times: number[] = [];
  let idbWrites = 0;
  let composerMutations = 0;
  let otherAnswerMutations = 0;
  let streamingAnswerMutations: number;
  let shownChars: number;
  const tasks = observeLongTasks();
  if (mode === 'raw') {
    const el = document.createElement('div');
    el.style.whiteSpace = 'pre-wrap';
    target.append(el);
    const streamed = mutations(el);
    for await (const part of timed(provider, times).stream({
      messages: [{ role: 'user', content: 'Write a long answer' }],
      settings: { ...DEFAULT_GENERATION_SETTINGS, maxTokens: chunks.length + 10 },
    })) {
      if (part.type === 'text-delta') el.textContent += part.text;
    }
    streamingAnswerMutations = streamed.stop();
    shownChars = el.textContent?.length ?? 0;
  } else {
    const db = await openAppDb(`bench-stream-${Date.now()}`);
    const conversations = new ConversationRepository(db);
    const put = conversations.putMessage.bind(conversations);
    conversations.putMessage = (m: StoredMessage) => (idbWrites++, put(m));
    const chat = new ChatState({
      conversations,
      kv: new KeyValueRepository(db),
      provider: () => ({
        provider: timed(provider, times),
        model: { kind: 'webllm', id: 'bench-model', label: 'Bench model' },
      }),
      generation: () => ({ ...DEFAULT_GENERATION_SETTINGS, maxTokens: chunks.length + 10 }),
      systemPrompt: () => '',
      onError: (e) => console.error(e),
      onNotice: () => undefined,
    });
    await chat.init();
    // An earlier exchange, so there is another answer on screen that must stay untouched.
    const c = await conversations.create('Bench');
    for (const [role, content] of [
      ['user', 'Earlier question'],
      ['assistant', '## Earlier answer\n\nWith a **list**:\n\n- one\n- two\n'],
    ] as const)
      await conversations.putMessage({
        id: `m_${role}`,
        conversationId: c.id,
        role,
        content,
        createdAt: Date.now(),
        status: 'complete',
      });
    await chat.open(c.id);
    mount(Harness, { target, props: { chat } });
    flushSync();
    await sleep(200); // the markdown chunk loads, the earlier answer renders
    idbWrites = 0;
    const composer = mutations(target.querySelector('.composer') ?? target.querySelector('form'));
    const earlier = mutations(target.querySelector('[data-testid="message-assistant"]'));
    const sending = chat.send('Write a long answer');
    const answers = () => target.querySelectorAll('[data-testid="message-assistant"]');
    while (answers().length < 2) await new Promise((r) => requestAnimationFrame(r));
    const streamingEl = answers()[1] ?? null;
    const streamed = mutations(streamingEl);
    await sending;
    flushSync();
    composerMutations = composer.stop();
    otherAnswerMutations = earlier.stop();
    streamingAnswerMutations = streamed.stop();
    shownChars = streamingEl?.querySelector('.markdown')?.textContent?.length ?? 0;
    db.close();
  }
  await sleep(300); // long-task entries arrive asynchronously
  const longTasks = tasks.stop();
  const firstToLastMs = (times.at(-1) ?? 0) - (times[0] ?? 0);
  return {
    mode,
    tokens: times.length,
    firstToLastMs,
    tokensPerSecond: (times.length - 1) / (firstToLastMs / 1000),
    longTasks,
    idbWrites,
    composerMutations,
    otherAnswerMutations,
    streamingAnswerMutations,
    shownChars,
  };
}

(window as unknown as { bench: unknown }).bench = { run, openLong };
