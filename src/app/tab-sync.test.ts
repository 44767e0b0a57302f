import { describe, expect, it, vi } from 'vitest';
import { EventBus } from '../core/events';
import { TabChannel } from '../platform/tabs/channel';
import type { TabNotice } from '../platform/tabs/notices';
import { TabStatus } from '../platform/tabs/tab-status.svelte';
import type { AppEvents } from './events';
import { connectTabs } from './tab-sync';

let n = 0;

function wired() {
  const name = `tab-sync-${n++}`;
  const other = new TabChannel(new BroadcastChannel(name), 'tab_other');
  const status = new TabStatus();
  const conversations: { onChange: ((notice: TabNotice) => void) | null } = { onChange: null };
  const applied: TabNotice[] = [];
  const chat = { sync: { apply: async (notice: TabNotice) => void applied.push(notice) } };
  const events = new EventBus<AppEvents>();
  const replaced = vi.fn();
  events.on('stored-data-replaced', replaced);
  const link = connectTabs({
    status,
    conversations,
    chat,
    events,
    toasts: { handleError: vi.fn() },
    channel: new TabChannel(new BroadcastChannel(name), 'tab_here'),
  });
  return { other, status, conversations, applied, replaced, link };
}

describe('connectTabs', () => {
  it("sends this tab's stored changes and applies the other tabs' (an import: every feature re-reads)", async () => {
    const { other, conversations, applied, replaced, link } = wired();
    const heard: TabNotice[] = [];
    other.on((notice) => void heard.push(notice));
    conversations.onChange?.({ kind: 'conversation-deleted', conversationId: 'c_1' });
    await link.reloadStored();
    expect(replaced).toHaveBeenCalledTimes(1);
    await vi.waitFor(() =>
      expect(heard).toEqual([
        { kind: 'conversation-deleted', conversationId: 'c_1' },
        { kind: 'data-replaced' },
      ]),
    );

    other.post({ kind: 'message-changed', conversationId: 'c_2', messageId: 'm_1' });
    other.post({ kind: 'data-replaced' });
    await vi.waitFor(() => expect(replaced).toHaveBeenCalledTimes(2));
    expect(applied).toEqual([{ kind: 'message-changed', conversationId: 'c_2', messageId: 'm_1' }]);
    other.close();
    link.channel.close();
  });

  it('after a newer tab closed the database, notices are left alone (the banner asks for a reload)', async () => {
    const { other, status, applied, replaced, link } = wired();
    status.updatedElsewhere = true;
    other.post({ kind: 'message-changed', conversationId: 'c_2', messageId: 'm_1' });
    other.post({ kind: 'data-replaced' });
    // A marker listener on the same channel hears both, so they have arrived here too.
    const arrived: string[] = [];
    link.channel.on((notice) => void arrived.push(notice.kind));
    await vi.waitFor(() => expect(arrived).toEqual(['message-changed', 'data-replaced']));
    expect(applied).toEqual([]);
    expect(replaced).not.toHaveBeenCalled();
    other.close();
    link.channel.close();
  });
});
