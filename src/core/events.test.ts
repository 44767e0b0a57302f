import { describe, expect, it } from 'vitest';
import { EventBus } from './events';

type Events = { saved: [id: string]; reset: [] };

describe('EventBus', () => {
  it('calls every subscriber with the arguments and waits for all of them', async () => {
    const bus = new EventBus<Events>();
    const seen: string[] = [];
    bus.on('saved', async (id) => {
      await Promise.resolve();
      seen.push(`a:${id}`);
    });
    bus.on('saved', (id) => void seen.push(`b:${id}`));
    await bus.emit('saved', 'x');
    expect(seen.sort()).toEqual(['a:x', 'b:x']);
  });

  it('runs the other handlers when one fails, then reports the failure', async () => {
    const bus = new EventBus<Events>();
    let ran = false;
    bus.on('reset', () => {
      throw new Error('boom');
    });
    bus.on('reset', () => void (ran = true));
    await expect(bus.emit('reset')).rejects.toThrow('boom');
    expect(ran).toBe(true);
  });

  it('stops calling a handler after it unsubscribes', async () => {
    const bus = new EventBus<Events>();
    let calls = 0;
    const off = bus.on('reset', () => void calls++);
    await bus.emit('reset');
    off();
    await bus.emit('reset');
    expect(calls).toBe(1);
    expect(bus.listeners('reset')).toBe(0);
  });
});
