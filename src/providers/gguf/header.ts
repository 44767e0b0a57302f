/**
 * Reads the header of a GGUF file (llama.cpp's model format, docs/gguf.md in ggml): magic, version,
 * metadata key/values and tensor infos, without the tensor data. Pure TypeScript, for the page and
 * the worker alike.
 *
 * Layout (little-endian): "GGUF", u32 version (2 or 3), u64 tensor count, u64 metadata count, the
 * metadata (gguf string key, u32 value type, value), the tensor infos (name, u32 n_dims, u64 dims,
 * u32 ggml type, u64 offset into the data section), padding to `general.alignment` (default 32),
 * then the data. A file shorter than its header or than its last tensor is `truncated`; one whose
 * header does not parse is `malformed`.
 */
import { tensorBytes } from './ggml-types';
import { Cursor, GgufFormatError, NeedMoreBytes, type GgufValue } from './cursor';

const MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const DEFAULT_ALIGNMENT = 32;
const MAX_COUNT = 10_000_000;

export interface GgufTensorInfo {
  name: string;
  dims: number[];
  type: number;
  /** Offset of the tensor's data from the start of the data section. */
  offset: number;
  /** Bytes of data; null for a ggml type the reader does not know. */
  bytes: number | null;
}

/** A metadata value's GGUF type id (8 string, 9 array, ...) and, for an array, its items' type. */
export interface GgufValueType {
  type: number;
  itemType?: number;
}

export interface GgufHeader {
  version: number;
  metadata: Map<string, GgufValue>;
  /** The type each metadata value was stored with (a copy can be written back the same way). */
  types: Map<string, GgufValueType>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Where the data section starts (the header's length, padded). */
  dataOffset: number;
  /** The least size the file must have to hold every tensor (null when a tensor's size is unknown). */
  expectedSize: number | null;
}

export interface ParseOptions {
  /** The whole file's size; bytes past `bytes.length` may exist when it is larger. */
  fileSize?: number;
  /** Arrays longer than this are kept as a summary (default 64). */
  keepArraysUpTo?: number;
}

/**
 * Parses the header from the first bytes of a file. Throws `GgufFormatError`, or (internally)
 * `NeedMoreBytes` when `bytes` ends before the header and the file is longer: `readGgufHeader`
 * then reads more.
 */
export function parseGgufHeader(bytes: Uint8Array, options: ParseOptions = {}): GgufHeader {
  const fileSize = options.fileSize ?? bytes.length;
  const keep = options.keepArraysUpTo ?? 64;
  const c = new Cursor(bytes, fileSize);
  if (fileSize < 4) throw new GgufFormatError('truncated', 'The file is empty or shorter than 4 bytes.');
  if (c.u32() !== MAGIC) throw new GgufFormatError('bad-magic', 'The file does not start with "GGUF".');
  const version = c.u32();
  if (version !== 2 && version !== 3) {
    throw new GgufFormatError(
      'unsupported-version',
      `GGUF version ${version} is not supported (2 or 3 are).`,
    );
  }
  const tensorCount = c.u64('The tensor count');
  const kvCount = c.u64('The metadata count');
  if (tensorCount > MAX_COUNT || kvCount > MAX_COUNT) {
    throw new GgufFormatError('malformed', 'The header declares an impossible number of entries.');
  }
  const metadata = new Map<string, GgufValue>();
  const types = new Map<string, GgufValueType>();
  for (let i = 0; i < kvCount; i++) {
    const key = c.string();
    const type = c.u32();
    if (type === 9) {
      c.need(4);
      types.set(key, { type, itemType: c.peekU32() });
    } else types.set(key, { type });
    metadata.set(key, c.value(type, keep));
  }
  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = c.string();
    const nDims = c.u32();
    if (nDims > 8) throw new GgufFormatError('malformed', `Tensor ${name} has ${nDims} dimensions.`);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(c.u64('A tensor dimension'));
    const type = c.u32();
    const offset = c.u64('A tensor offset');
    const elements = dims.reduce((a, b) => a * b, 1);
    tensors.push({ name, dims, type, offset, bytes: tensorBytes(type, elements) });
  }
  const alignValue = metadata.get('general.alignment');
  const alignment = typeof alignValue === 'number' && alignValue > 0 ? alignValue : DEFAULT_ALIGNMENT;
  const dataOffset = Math.ceil(c.pos / alignment) * alignment;
  let end = 0;
  let known = true;
  for (const t of tensors) {
    if (t.bytes === null) known = false;
    else end = Math.max(end, t.offset + t.bytes);
  }
  return {
    version,
    metadata,
    types,
    tensors,
    alignment,
    dataOffset,
    expectedSize: known ? dataOffset + end : null,
  };
}

/** What can read a byte range of a file: a Blob, a File, or a test's buffer. */
export interface ByteSource {
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/**
 * Reads a file's header, reading more of it until the header fits (start 256 KiB, doubling, at
 * most `maxHeaderBytes`), then checks the file holds all of its tensors.
 */
export async function readGgufHeader(
  file: ByteSource,
  options: { keepArraysUpTo?: number; maxHeaderBytes?: number; firstReadBytes?: number } = {},
): Promise<GgufHeader> {
  const max = options.maxHeaderBytes ?? 256 * 1024 * 1024;
  let length = Math.min(file.size, options.firstReadBytes ?? 256 * 1024);
  for (;;) {
    const bytes = new Uint8Array(await file.slice(0, length).arrayBuffer());
    try {
      const header = parseGgufHeader(bytes, { fileSize: file.size, keepArraysUpTo: options.keepArraysUpTo });
      if (header.expectedSize !== null && header.expectedSize > file.size) {
        throw new GgufFormatError(
          'truncated',
          `The file has ${file.size} bytes; its tensors need ${header.expectedSize}.`,
        );
      }
      return header;
    } catch (error) {
      if (!(error instanceof NeedMoreBytes)) throw error;
      if (length >= max) throw new GgufFormatError('malformed', `The header is larger than ${max} bytes.`);
      length = Math.min(file.size, length * 2, max);
    }
  }
}
