import { describe, expect, it } from 'vitest';
import type { RouteDecision } from '../route';
import { shownRoute } from './shown-route';

const route = {
  target: 'claude',
  kind: 'complex',
  category: 'code generation',
  reasons: ['code generation'],
  label: 'Claude: code generation',
  strategy: 'hybrid',
  available: true,
  fallbackAllowed: true,
  overridden: false,
  blockers: [],
  blocker: null,
} satisfies RouteDecision;

describe('shownRoute', () => {
  it('shows the route when the chosen side answered', () => {
    expect(shownRoute({ route })).toEqual({
      label: 'Claude: code generation',
      target: 'claude',
      firstChoice: null,
    });
    expect(shownRoute({ route: undefined })).toBeNull();
  });

  it('after a fallback, names the attempt that answered and keeps the first choice aside', () => {
    const shown = shownRoute({
      route,
      notices: [
        { kind: 'compression', text: 'compressed' },
        {
          kind: 'fallback',
          text: 'Claude rejected the API key; answered locally with tiny-chat instead.',
          model: { kind: 'transformers', id: 'tandem-test/tiny-chat', label: 'tiny-chat' },
        },
      ],
    });
    expect(shown).toEqual({
      label: 'local tiny-chat: fallback (Claude failed)',
      target: 'local',
      firstChoice: 'Claude: code generation',
    });
    expect(shown!.label).not.toContain('code generation');
  });

  it('a local failure answered by Claude', () => {
    const local = { ...route, target: 'local', label: 'local tiny-chat: greeting' } satisfies RouteDecision;
    const shown = shownRoute({
      route: local,
      notices: [
        { kind: 'fallback', text: 'x', model: { kind: 'claude', id: 'claude-x', label: 'Claude X' } },
      ],
    });
    expect(shown).toMatchObject({ label: 'Claude: fallback (the local model failed)', target: 'claude' });
  });
});
