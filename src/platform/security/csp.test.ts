import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  metaContentSecurityPolicy,
  parseConnectSources,
  securityHeaders,
} from './csp';
import { connectAllowedBy } from './violations';

describe('content security policy', () => {
  it('is the strict policy of issue 14', () => {
    const policy = contentSecurityPolicy();
    for (const part of [
      "default-src 'none'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "worker-src 'self' blob:",
      "img-src 'self' data:",
      "style-src 'self';",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(policy).toContain(part);
    }
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toMatch(/127\.0\.0\.1|localhost/);
    expect(securityHeaders()).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });

  it('connect-src: defaults plus configured origins only', () => {
    const policy = contentSecurityPolicy({
      extraConnect: parseConnectSources('http://127.0.0.1:4232 https://mirror.example/'),
    });
    expect(connectAllowedBy(policy, 'https://huggingface.co/org/m/resolve/main/x')).toBe(true);
    expect(connectAllowedBy(policy, 'https://cdn-lfs.huggingface.co/x')).toBe(true);
    expect(connectAllowedBy(policy, 'https://api.anthropic.com/v1/messages')).toBe(true);
    expect(connectAllowedBy(policy, 'https://raw.githubusercontent.com/mlc-ai/x.wasm')).toBe(true);
    expect(connectAllowedBy(policy, 'http://127.0.0.1:4232/x')).toBe(true);
    expect(connectAllowedBy(policy, 'https://mirror.example/x')).toBe(true);
    expect(connectAllowedBy(policy, 'http://127.0.0.1:9999/x')).toBe(false);
    expect(connectAllowedBy(policy, 'https://evil.example/x')).toBe(false);
    expect(connectAllowedBy(policy, 'https://huggingface.co.evil.example/x')).toBe(false);
  });

  it('refuses configured sources that are not origins', () => {
    expect(() => parseConnectSources("'unsafe-inline'")).toThrow(/not an origin/);
    expect(() => parseConnectSources('https://a.example/path')).toThrow(/not an origin/);
    expect(() => parseConnectSources('*')).toThrow(/not an origin/);
  });

  it('the meta fallback keeps script and style rules and leaves connect-src to the header', () => {
    const meta = metaContentSecurityPolicy();
    expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(meta).not.toContain('connect-src');
    expect(meta).not.toContain('frame-ancestors');
    expect(meta).not.toContain('default-src');
  });
});
