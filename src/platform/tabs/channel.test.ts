import { describe, expect, it, vi } from 'vitest';
import { TabChannel } from './channel';
import type { TabNotice } from './notices';

let n = 0;
/** Two tabs on one fresh channel name, plus a raw port to post anything on it. */
function tabs(): { a: TabChannel; b: TabChannel; raw: BroadcastChannel; name: string } {
  const name = `tabs-test-${n++}`;
  return {
    a: new TabChannel(new BroadcastChannel(name), 'tab_a'),
    b: new TabChannel(new BroadcastChannel(name), 'tab_b'),
    raw: new BroadcastChannel(name),
    name,
  };
}

describe('TabChannel', () => {
  it('a notice posted in one tab reaches the other, not the sender', async () => {
    const { a, b, raw } = tabs();
    const atA: TabNotice[] = [];
    const atB: TabNotice[] = [];
    a.on((notice) => void atA.push(notice));
    b.on((notice) => void atB.push(notice));
    a.post({ kind: 'conversation-deleted', conversationId: 'c_1' });
    a.post({ kind: 'message-changed', conversationId: 'c_1', messageId: 'm_1' });
    await vi.waitFor(() => expect(atB).toHaveLength(2));
    expect(atB).toEqual([
      { kind: 'conversation-deleted', conversationId: 'c_1' },
      { kind: 'message-changed', conversationId: 'c_1', messageId: 'm_1' },
    ]);
    expect(atA).toEqual([]);
    for (const c of [a, b]) c.close();
    raw.close();
  });

  it('ignores malformed messages from another tab and goes on with the well-formed ones', async () => {
    const { b, raw } = tabs();
    const seen: TabNotice[] = [];
    b.on((notice) => void seen.push(notice));
    const malformed: unknown[] = [
      'conversation-deleted',
      null,
      42,
      { kind: 'conversation-deleted', conversationId: 'c_1' }, // no envelope
      { v: 2, from: 'tab_x', notice: { kind: 'conversation-deleted', conversationId: 'c_1' } },
      { v: 1, from: 'tab_x', notice: { kind: 'drop-everything' } },
      { v: 1, from: 'tab_x', notice: { kind: 'conversation-deleted' } },
      { v: 1, from: 'tab_x', notice: { kind: 'conversation-deleted', conversationId: '' } },
      { v: 1, from: 'tab_x', notice: { kind: 'conversation-deleted', conversationId: 7 } },
      { v: 1, from: 'tab_x', notice: { kind: 'message-changed', conversationId: 'c_1' } },
      { v: 1, from: 'tab_x', notice: { kind: 'data-replaced', extra: '<script>' } },
      { v: 1, from: 'tab_x', notice: { kind: 'conversation-created', conversationId: 'x'.repeat(201) } },
    ];
    for (const message of malformed) raw.postMessage(message);
    // Posted last from the same port, so it arrives after every malformed one.
    raw.postMessage({ v: 1, from: 'tab_x', notice: { kind: 'conversation-changed', conversationId: 'c_2' } });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen).toEqual([{ kind: 'conversation-changed', conversationId: 'c_2' }]);
    expect(b.ignored).toBe(malformed.length);
    b.close();
    raw.close();
  });

  it('one failing listener does not keep the notice from the others', async () => {
    const { a, b, raw } = tabs();
    const seen: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    b.on(() => {
      throw new Error('broken listener');
    });
    b.on((notice) => void seen.push(notice.kind));
    a.post({ kind: 'data-replaced' });
    await vi.waitFor(() => expect(seen).toEqual(['data-replaced']));
    expect(error).toHaveBeenCalled();
    error.mockRestore();
    for (const c of [a, b]) c.close();
    raw.close();
  });

  it('without BroadcastChannel nothing is sent and nothing throws', () => {
    const alone = new TabChannel(null);
    expect(() => alone.post({ kind: 'data-replaced' })).not.toThrow();
    alone.close();
    // A closed channel swallows posts too (the page is going away).
    const { a, b, raw } = tabs();
    a.close();
    expect(() => a.post({ kind: 'data-replaced' })).not.toThrow();
    b.close();
    raw.close();
  });
});
