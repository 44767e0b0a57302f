import { describe, expect, it } from 'vitest';
import { classifyFailure, isLoopback, isPrivateHost, requestFailedError } from './connection';
import { apiRoot, nativeRoot, normaliseServerUrl } from './url';

const page = (href: string): { origin: string; protocol: string; hostname: string } => {
  const url = new URL(href);
  return { origin: url.origin, protocol: url.protocol, hostname: url.hostname };
};

describe('refused requests', () => {
  it('knows loopback and private hosts', () => {
    expect(isLoopback('localhost')).toBe(true);
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('[::1]')).toBe(true);
    expect(isLoopback('192.168.1.20')).toBe(false);
    expect(isPrivateHost('192.168.1.20')).toBe(true);
    expect(isPrivateHost('10.0.0.5')).toBe(true);
    expect(isPrivateHost('172.20.0.1')).toBe(true);
    expect(isPrivateHost('172.40.0.1')).toBe(false);
    expect(isPrivateHost('gpu-box.local')).toBe(true);
    expect(isPrivateHost('api.example.com')).toBe(false);
  });

  it('an https page calling an http LAN address is mixed content; http://localhost is not', () => {
    const app = page('https://tandem.example');
    expect(classifyFailure(new URL('http://192.168.1.20:11434/v1/models'), app)).toBe('mixed-content');
    expect(classifyFailure(new URL('http://localhost:11434/v1/models'), app)).not.toBe('mixed-content');
  });

  it('a public page calling a private address meets Private Network Access', () => {
    expect(classifyFailure(new URL('https://gpu.lan/v1/models'), page('https://tandem.example'))).toBe(
      'private-network',
    );
    expect(classifyFailure(new URL('http://localhost:11434/v1'), page('https://tandem.example'))).toBe(
      'private-network',
    );
  });

  it('a local page calling a local server: CORS or not running, with each server switch', () => {
    const app = page('http://localhost:4173');
    const error = requestFailedError(
      new URL('http://localhost:11434/v1/models'),
      app,
      new TypeError('Failed to fetch'),
    );
    expect(error.code).toBe('network');
    expect(error.details?.reason).toBe('cors-or-unreachable');
    expect(error.message).toContain('OLLAMA_ORIGINS=http://localhost:4173');
    expect(error.message).toContain('--cors-origins http://localhost:4173');
    expect(error.message).toContain('Enable CORS');
    expect(error.message).toContain('--allowed-origins');
  });

  it('mixed content is not retryable and says how to fix it', () => {
    const error = requestFailedError(
      new URL('http://192.168.1.20:8080/v1/chat/completions'),
      page('https://tandem.example'),
      null,
    );
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('mixed content');
    expect(error.message).toContain('https');
  });

  it('in Node (no page) a refused connection names the cause', () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const error = requestFailedError(new URL('http://127.0.0.1:1/v1'), null, cause);
    expect(error.details).toMatchObject({ reason: 'unreachable', cause: 'ECONNREFUSED' });
  });
});

describe('server URLs', () => {
  it('accepts the forms servers document and always ends the API root in /v1', () => {
    expect(apiRoot('http://localhost:11434')).toBe('http://localhost:11434/v1');
    expect(apiRoot('http://localhost:8080/v1/')).toBe('http://localhost:8080/v1');
    expect(apiRoot('https://gw.example/api/v1')).toBe('https://gw.example/api/v1');
    expect(apiRoot('192.168.1.20:11434')).toBe('http://192.168.1.20:11434/v1');
    expect(nativeRoot('http://localhost:11434/v1')).toBe('http://localhost:11434');
  });

  it('refuses what is not an http(s) URL without credentials', () => {
    expect(normaliseServerUrl('ftp://x')).toBeNull();
    expect(normaliseServerUrl('http://user:pw@host')).toBeNull();
    expect(normaliseServerUrl('')).toBeNull();
    expect(() => apiRoot('javascript:alert(1)')).toThrow(/not a server URL/);
  });
});
