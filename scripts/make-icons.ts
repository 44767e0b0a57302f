/**
 * Writes the PWA icons (PNG) without any image tool: two interlocking rings on indigo.
 * `npx tsx scripts/make-icons.ts` — the output is committed (a few KB).
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function icon(size: number, maskable: boolean): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const radius = maskable ? 0 : size * 0.22;
  const ring = (x: number, y: number, cx: number, cy: number): boolean => {
    const d = Math.hypot(x - cx, y - cy);
    const r = size * (maskable ? 0.14 : 0.17);
    return Math.abs(d - r) < size * 0.04;
  };
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const dx = Math.max(radius - x, 0, x - (size - 1 - radius));
      const dy = Math.max(radius - y, 0, y - (size - 1 - radius));
      const inside = radius === 0 || Math.hypot(dx, dy) <= radius;
      let rgba = inside ? [0x4f, 0x46, 0xe5, 255] : [0, 0, 0, 0];
      if (inside && ring(x, y, size * 0.4, size / 2)) rgba = [255, 255, 255, 255];
      else if (inside && ring(x, y, size * 0.6, size / 2)) rgba = [0xc7, 0xd2, 0xfe, 255];
      raw.set(rgba, o);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync('public/icons/icon-192.png', icon(192, false));
writeFileSync('public/icons/icon-512.png', icon(512, false));
writeFileSync('public/icons/icon-maskable-512.png', icon(512, true));
console.log('icons written to public/icons/');
