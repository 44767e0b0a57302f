/**
 * Long conversations (bench/long-conversation.ts drives it): a conversation of N messages is
 * written into the real IndexedDB, then opened the way the app opens one (ChatState.open reads
 * it, MessageList renders it). Measured: time to first render (open + mount + style/layout),
 * time to interactive (until the next frame and an idle task run), JS heap and DOM size, and
 * scrolling through it frame by frame with a long-task observer.
 */
import { flushSync, mount, unmount } from 'svelte';
import { ConversationRepository } from '../../../src/platform/db/conversations';
import { KeyValueRepository } from '../../../src/platform/db/kv';
import { openAppDb } from '../../../src/platform/db/schema';
import type { StoredMessage } from '../../../src/core/stored';
import { loadMarkdown } from '../../../src/ui/markdown/loader';
import { ChatState } from '../../../src/features/chat/chat.svelte';
import Harness from './Harness.svelte';

const frame = () => new Promise((r) => requestAnimationFrame(r));
const idle = () => new Promise((r) => setTimeout(r, 0));

function answer(i: number): string {
  return `Answer ${i}: here is **what** you asked.\n\n- first point with \`code\`\n- second point\n\nA closing paragraph of a few words for message ${i}.`;
}

export async function openLong(n: number): Promise<Record<string, number>> {
  const db = await openAppDb(`bench-long-${n}-${Date.now()}`);
  const conversations = new ConversationRepository(db);
  const c = await conversations.create(`Long ${n}`);
  const t = Date.now() - n * 1000;
  const tx = db.transaction('messages', 'readwrite');
  for (let i = 0; i < n; i++) {
    const role = i % 2 === 0 ? 'user' : 'assistant';
    const m: StoredMessage = {
      id: `m_${i.toString().padStart(6, '0')}`,
      conversationId: c.id,
      role,
      content: role === 'user' ? `Question ${i}: tell me about point ${i}?` : answer(i),
      createdAt: t + i * 1000,
      status: 'complete',
    };
    void tx.store.put(m);
  }
  await tx.done;
  await loadMarkdown(); // as in the app after the first answer: the renderer is loaded
  const chat = new ChatState({
    conversations,
    kv: new KeyValueRepository(db),
    provider: () => {
      throw new Error('no model in this benchmark');
    },
    generation: () => ({ temperature: 0.7, topP: 0.95, maxTokens: 256 }),
    systemPrompt: () => '',
    onError: () => undefined,
    onNotice: () => undefined,
  });
  const target = document.getElementById('app')!;
  target.textContent = '';
  const app = mount(Harness, { target, props: { chat } });
  flushSync();
  const longTasks: number[] = [];
  const obs = new PerformanceObserver((l) => l.getEntries().forEach((e) => longTasks.push(e.duration)));
  obs.observe({ type: 'longtask' });
  const heap0 =
    (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
  const t0 = performance.now();
  await chat.open(c.id);
  flushSync();
  void target.offsetHeight; // style + layout, as the first paint needs
  const firstRender = performance.now() - t0;
  await frame();
  await idle();
  const interactive = performance.now() - t0;
  const heap1 =
    (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
  const openLongTasks = longTasks.length;
  // Scroll from the end to the start, one screen per frame.
  const list = target.querySelector<HTMLElement>('[data-testid="message-list"]')!;
  const s0 = performance.now();
  let frames = 0;
  while (list.scrollTop > 0) {
    list.scrollTop -= list.clientHeight;
    await frame();
    frames++;
  }
  const scrollMs = performance.now() - s0;
  await new Promise((r) => setTimeout(r, 300));
  obs.disconnect();
  const result = {
    messages: chat.messages.length,
    firstRenderMs: firstRender,
    interactiveMs: interactive,
    heapDeltaMB: (heap1 - heap0) / 1024 / 1024,
    domNodes: target.querySelectorAll('*').length,
    openLongTasks,
    scrollFrames: frames,
    scrollMsPerFrame: scrollMs / Math.max(1, frames),
    scrollLongTasks: longTasks.length - openLongTasks,
    longestTaskMs: Math.max(0, ...longTasks),
  };
  unmount(app);
  db.close();
  return result;
}
