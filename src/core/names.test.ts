import { describe, expect, it } from 'vitest';
import { cleanName } from './names';

describe('cleanName', () => {
  it('removes bidi overrides, zero-width characters and controls', () => {
    expect(cleanName('\u202Egnp.exe')).toBe('gnp.exe');
    expect(cleanName('a\u200bb\u200dc\ufeffd\u2066e\u2069')).toBe('abcde');
    expect(cleanName('nul\u0000 esc\u001b del\u007f')).toBe('nul esc del');
    expect(cleanName('two\nlines')).toBe('two lines');
  });

  it('replaces lone surrogates and keeps real text, emoji and other scripts', () => {
    expect(cleanName('x\ud800y\udc00')).toBe('x\ufffdy\ufffd');
    expect(cleanName('Grüße 😀 שלום 日本')).toBe('Grüße 😀 שלום 日本');
  });
});
