import { describe, expect, it } from 'vitest';
import type { MessageSource } from '../../core/stored';
import { sourcesPrivacyLine } from './sources-line';

const source = (n: number, documentName: string): MessageSource => ({
  n,
  documentId: documentName,
  documentName,
  excerpt: 'x',
});
const route = (target: 'local' | 'claude' | 'server') => ({ target, label: target, reasons: [] });

describe('the privacy line of an answer with sources', () => {
  it('says what went to Claude or the server, and that the rest stayed', () => {
    const sources = [source(1, 'notes.md'), source(2, 'notes.md')];
    expect(sourcesPrivacyLine({ route: route('claude') as never, sources })).toBe(
      'Sent to Claude: your question and 2 excerpts from notes.md. The rest of your documents stayed on this device.',
    );
    expect(
      sourcesPrivacyLine({
        route: route('server') as never,
        sources: [source(1, 'a.md'), source(2, 'b.pdf')],
      }),
    ).toContain('Sent to your server: your question and 2 excerpts from a.md and b.pdf.');
  });

  it('follows the model that answered after a fallback to Claude', () => {
    const line = sourcesPrivacyLine({
      route: route('local') as never,
      model: { kind: 'claude', id: 'c', label: 'Claude' },
      sources: [source(1, 'a.md')],
    });
    expect(line).toMatch(/^Sent to Claude: your question and 1 excerpt from a\.md\./);
  });

  it('says nothing left the device for a local answer, and nothing without sources', () => {
    expect(sourcesPrivacyLine({ route: route('local') as never, sources: [source(1, 'a.md')] })).toBe(
      'Answered on this device with 1 excerpt from a.md; nothing left it.',
    );
    expect(sourcesPrivacyLine({ sources: [] })).toBe('');
  });
});
