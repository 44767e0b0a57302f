import { describe, expect, it } from 'vitest';
import { classifyContext, matchKeywords, scoreContexts } from './classify-context';
import { defaultHealthSettings } from './settings';
import { hashEmbed } from './testing/hash-embedder';
import type { ContextMatch } from '../../core/health';

const settings = defaultHealthSettings();
const prototypes = new Map(
  settings.contexts.flatMap((c) => c.prototypes.map((p) => [p, hashEmbed(p)] as const)),
);
const classify = (text: string, previous: ContextMatch | null = null) =>
  classifyContext(text, hashEmbed(text), settings, prototypes, previous);

describe('keyword rules', () => {
  it('match whole words and phrases case-insensitively, not inside other words', () => {
    expect(matchKeywords('WHY DID it break?', ['why did'])).toEqual(['why did']);
    expect(matchKeywords('This is history', ['hi'])).toEqual([]);
    expect(matchKeywords('Hi there', ['hi'])).toEqual(['hi']);
  });

  it('treat a trailing * as a word prefix', () => {
    expect(matchKeywords('The job failed twice', ['fail*'])).toEqual(['fail*']);
    expect(matchKeywords('A failsafe', ['fail'])).toEqual([]);
  });

  it('treat regex characters in keywords literally', () => {
    expect(matchKeywords('what is c++ for', ['c++'])).toEqual(['c++']);
    expect(matchKeywords('what is ccc for', ['c++'])).toEqual([]);
    expect(matchKeywords('abc', ['a.c'])).toEqual([]);
    expect(matchKeywords('post-mortem please', ['post-mortem'])).toEqual(['post-mortem']);
  });
});

describe('context detection', () => {
  it('detects accountability from keywords and prototypes together', () => {
    const c = classify('Why did our deployment fail yesterday?');
    expect(c).toMatchObject({ id: 'accountability', source: 'both' });
    expect(c.matchedKeywords).toContain('why did');
    expect(c.confidence).toBeGreaterThan(0.5);
  });

  it('detects crisis from urgent keywords', () => {
    expect(classify('Urgent: production is down, help!').id).toBe('crisis');
  });

  it('detects exploration from brainstorming words', () => {
    expect(classify("Let's brainstorm ideas for a team offsite").id).toBe('exploration');
  });

  it('detects a context from prototype similarity alone when no keyword matches', () => {
    const c = classify('Tell me a joke please');
    expect(c).toMatchObject({ id: 'casual' });
    expect(['semantic', 'both']).toContain(c.source);
  });

  it('falls back to the default context on a first message that matches nothing', () => {
    expect(classify('Sourdough starter hydration ratio')).toMatchObject({
      id: 'general',
      source: 'default',
      confidence: 0,
    });
  });

  it('keeps the previous context, with half its confidence, when a follow-up matches nothing', () => {
    const first = classify('Why did our deployment fail yesterday?');
    const next = classify('ok', first);
    expect(next).toMatchObject({ id: 'accountability', source: 'previous' });
    expect(next.confidence).toBeCloseTo(first.confidence / 2, 2);
  });

  it('scores every context so a debug view can show why one won', () => {
    const scores = scoreContexts(
      'Why did our deployment fail yesterday?',
      hashEmbed('x'),
      settings,
      new Map(),
    );
    expect(scores).toHaveLength(settings.contexts.length);
    expect(scores[0]).toMatchObject({
      id: 'accountability',
      keywordScore: 0.5,
      semantic: 0,
      candidate: true,
    });
  });
});
