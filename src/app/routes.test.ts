import { describe, expect, it } from 'vitest';
import { ROUTES, routeFromHash } from './routes';

describe('routes', () => {
  it('maps hashes to places, anything unknown to chat', () => {
    expect(routeFromHash('#/models')).toBe('models');
    expect(routeFromHash('#settings')).toBe('settings');
    expect(routeFromHash('')).toBe('chat');
    expect(routeFromHash('#/nope')).toBe('chat');
  });

  it('gives every place a label and a lazy page loader', () => {
    expect(ROUTES.map((r) => r.id)).toEqual([
      'chat',
      'models',
      'evaluate',
      'feedback',
      'metrics',
      'settings',
    ]);
    for (const r of ROUTES) {
      expect(r.label).not.toBe('');
      expect(typeof r.load).toBe('function');
    }
  });
});
