import { describe, expect, it } from 'vitest';
import { normaliseModelHost } from './settings';
import { normaliseHttpUrl } from './url';

describe('normaliseHttpUrl', () => {
  it('ends with a slash or without one, as the caller joins paths', () => {
    expect(normaliseHttpUrl(' https://mirror.example/hf ', 'always')).toBe('https://mirror.example/hf/');
    expect(normaliseHttpUrl('https://mirror.example/hf//', 'always')).toBe('https://mirror.example/hf/');
    expect(normaliseHttpUrl('http://127.0.0.1:5175/', 'never')).toBe('http://127.0.0.1:5175');
  });

  it('refuses what is not http(s) and any URL with credentials', () => {
    for (const bad of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ftp://x',
      'not a url',
      'https://u:p@x.example',
      'https://token@x.example',
    ]) {
      expect(normaliseHttpUrl(bad, 'always'), bad).toBeNull();
      expect(normaliseHttpUrl(bad, 'never'), bad).toBeNull();
    }
  });

  it('is what the model host uses', () => {
    for (const input of ['https://a.example', 'http://h:1/p/', 'https://u:p@x.example', 'nope']) {
      expect(normaliseModelHost(input)).toBe(normaliseHttpUrl(input, 'always'));
    }
  });
});
