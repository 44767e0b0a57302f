/** The byte reader under `header.ts`: bounds-checked little-endian reads of a GGUF header. */

/** A metadata array too long to keep (token lists, merges): its item type and length only. */
export interface GgufArraySummary {
  kind: 'array-summary';
  itemType: number;
  length: number;
}

export type GgufValue = number | bigint | boolean | string | GgufValue[] | GgufArraySummary;

export type GgufFormatProblem = 'bad-magic' | 'unsupported-version' | 'truncated' | 'malformed';

/** The file is not a readable GGUF: the reason says how (decide on `problem`, never on the text). */
export class GgufFormatError extends Error {
  constructor(
    readonly problem: GgufFormatProblem,
    message: string,
  ) {
    super(message);
    this.name = 'GgufFormatError';
  }
}

/** Thrown inside the parser when the buffer ends before the header but the file goes on. */
export class NeedMoreBytes extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: true });
const SCALAR_SIZES: Record<number, number> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};

export class Cursor {
  pos = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileSize: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    if (this.pos + n > this.fileSize) {
      throw new GgufFormatError(
        'truncated',
        `The file ends inside its header (byte ${this.pos + n} of ${this.fileSize}).`,
      );
    }
    throw new NeedMoreBytes();
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  peekU32(): number {
    return this.view.getUint32(this.pos, true);
  }

  u64(what: string): number {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
      throw new GgufFormatError('malformed', `${what} is out of range.`);
    return Number(v);
  }

  string(): string {
    const length = this.u64('A string length');
    if (this.pos + length > this.fileSize) {
      throw new GgufFormatError('truncated', `The file ends inside a string of ${length} bytes.`);
    }
    this.need(length);
    const raw = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    try {
      return decoder.decode(raw);
    } catch {
      throw new GgufFormatError('malformed', 'A string in the header is not UTF-8.');
    }
  }

  scalar(type: number): number | bigint | boolean {
    const size = SCALAR_SIZES[type];
    if (size === undefined) throw new GgufFormatError('malformed', `Unknown metadata value type ${type}.`);
    this.need(size);
    const p = this.pos;
    this.pos += size;
    const v = this.view;
    switch (type) {
      case 0:
        return v.getUint8(p);
      case 1:
        return v.getInt8(p);
      case 2:
        return v.getUint16(p, true);
      case 3:
        return v.getInt16(p, true);
      case 4:
        return v.getUint32(p, true);
      case 5:
        return v.getInt32(p, true);
      case 6:
        return v.getFloat32(p, true);
      case 7:
        return v.getUint8(p) !== 0;
      case 10:
        return safe(v.getBigUint64(p, true));
      case 11:
        return safe(v.getBigInt64(p, true));
      default:
        return v.getFloat64(p, true);
    }
  }

  value(type: number, keepArraysUpTo: number): GgufValue {
    if (type === 8) return this.string();
    if (type !== 9) return this.scalar(type);
    const itemType = this.u32();
    const length = this.u64('An array length');
    const minItem = itemType === 8 ? 8 : (SCALAR_SIZES[itemType] ?? 1);
    if (this.pos + length * minItem > this.fileSize) {
      throw new GgufFormatError('truncated', `The file ends inside an array of ${length} items.`);
    }
    if (itemType === 9) throw new GgufFormatError('malformed', 'Nested metadata arrays are not supported.');
    const keep = length <= keepArraysUpTo;
    const out: GgufValue[] = [];
    for (let i = 0; i < length; i++) {
      if (itemType === 8) {
        if (keep) out.push(this.string());
        else this.skipString();
      } else if (keep) out.push(this.scalar(itemType));
      else {
        const size = SCALAR_SIZES[itemType];
        if (size === undefined)
          throw new GgufFormatError('malformed', `Unknown array item type ${itemType}.`);
        this.need(size * (length - i));
        this.pos += size * (length - i);
        break;
      }
    }
    return keep ? out : { kind: 'array-summary', itemType, length };
  }

  private skipString(): void {
    const length = this.u64('A string length');
    this.need(length);
    this.pos += length;
  }
}

function safe(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}
