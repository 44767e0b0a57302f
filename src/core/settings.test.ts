import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, normaliseModelHost, withDefaults } from './settings';

describe('normaliseModelHost', () => {
  it('adds the trailing slash transformers.js needs to join paths', () => {
    expect(normaliseModelHost('http://127.0.0.1:5174')).toBe('http://127.0.0.1:5174/');
    expect(normaliseModelHost('https://mirror.example/hf')).toBe('https://mirror.example/hf/');
  });
  it('rejects anything that is not an http(s) URL', () => {
    expect(normaliseModelHost('javascript:alert(1)')).toBeNull();
    expect(normaliseModelHost('not a url')).toBeNull();
    expect(normaliseModelHost('file:///etc/passwd')).toBeNull();
  });
});

describe('withDefaults', () => {
  it('fills fields that settings saved by an older version lack', () => {
    const s = withDefaults({ modelHost: 'http://x/', generation: { temperature: 0 } as never });
    expect(s.modelHost).toBe('http://x/');
    expect(s.generation.temperature).toBe(0);
    expect(s.generation.maxTokens).toBe(DEFAULT_SETTINGS.generation.maxTokens);
    expect(s.customModels).toEqual([]);
  });
});

describe('model host with credentials', () => {
  it('is refused', () => {
    expect(normaliseModelHost('http://user:pass@mirror.example/')).toBeNull();
    expect(normaliseModelHost('https://token@mirror.example/')).toBeNull();
    expect(normaliseModelHost('https://mirror.example')).toBe('https://mirror.example/');
  });
});
