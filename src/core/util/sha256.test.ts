import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, hostSha256, sha256OfBlob } from './sha256';

const node = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('Sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(new Sha256().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('gives the same digest whatever the chunking, at every length around a block edge', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 70_001]) {
      const bytes = new Uint8Array(randomBytes(n));
      const hash = new Sha256();
      for (let i = 0; i < n;) {
        const step = 1 + ((i * 7) % 97);
        hash.update(bytes.subarray(i, i + step));
        i += step;
      }
      expect(hash.hex(), `length ${n}`).toBe(node(bytes));
    }
  });

  it('hashes a Blob, whole or streamed', async () => {
    const bytes = new Uint8Array(randomBytes(300_000));
    expect(await sha256OfBlob(new Blob([bytes]))).toBe(node(bytes));
  });
});

describe('hostSha256', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  const sha = 'a'.repeat(64);
  it('reads the Hub headers: x-linked-etag first, then an ETag that is a sha256', () => {
    expect(hostSha256(h({ 'x-linked-etag': `"${sha}"`, etag: '"b"' }))).toBe(sha);
    expect(hostSha256(h({ etag: `W/"${sha.toUpperCase()}"` }))).toBe(sha);
  });
  it('ignores git blob sha1s and other ETags', () => {
    expect(hostSha256(h({ etag: '"0123456789abcdef0123456789abcdef01234567"' }))).toBeNull();
    expect(hostSha256(h({ etag: '"1f-18c"' }))).toBeNull();
    expect(hostSha256(h({}))).toBeNull();
  });
});
