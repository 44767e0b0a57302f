import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { storiesBytes } from '../../../tests/fixtures/models/gguf-fixtures';
import { GGUF_TYPE, writeGguf } from '../../../tests/fixtures/models/gguf-writer';
import { GgufFormatError, type GgufFormatProblem } from './cursor';
import { parseGgufHeader, readGgufHeader } from './header';
import { ggufInfo, splitFileNames } from './metadata';

const real = storiesBytes();

async function problemOf(run: () => unknown): Promise<GgufFormatProblem | 'none'> {
  try {
    await run();
    return 'none';
  } catch (error) {
    if (error instanceof GgufFormatError) return error.problem;
    throw error;
  }
}

describe('GGUF header of the real stories260K model', () => {
  it('is the file its provenance note describes', () => {
    expect(real.length).toBe(1_185_376);
    expect(createHash('sha256').update(real).digest('hex')).toBe(
      '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d',
    );
  });

  it('reads version, metadata and tensors', () => {
    const h = parseGgufHeader(real);
    expect(h.version).toBe(3);
    expect(h.metadata.get('general.architecture')).toBe('llama');
    expect(h.metadata.get('llama.block_count')).toBe(5);
    expect(h.metadata.get('llama.embedding_length')).toBe(64);
    expect(h.metadata.get('tokenizer.ggml.model')).toBe('llama');
    expect(h.metadata.get('tokenizer.ggml.tokens')).toEqual({
      kind: 'array-summary',
      itemType: 8,
      length: 512,
    });
    expect(h.types.get('llama.block_count')).toEqual({ type: GGUF_TYPE.u32 });
    expect(h.tensors).toHaveLength(48);
    expect(h.tensors[0]).toMatchObject({
      name: 'token_embd.weight',
      dims: [64, 512],
      type: 0,
      bytes: 131072,
    });
    // The tensors end exactly where the file does.
    expect(h.expectedSize).toBe(real.length);
  });

  it('keeps long arrays when asked (the vocabulary)', () => {
    const h = parseGgufHeader(real, { keepArraysUpTo: Infinity });
    const tokens = h.metadata.get('tokenizer.ggml.tokens');
    expect(Array.isArray(tokens) && tokens.length).toBe(512);
    expect(Array.isArray(tokens) && tokens.slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
  });

  it('is a text-completion llama model, not split, with a 2048 window', () => {
    const info = ggufInfo(parseGgufHeader(real));
    expect(info).toMatchObject({
      type: 'model',
      architecture: 'llama',
      chatTemplate: null,
      contextLength: 2048,
      split: null,
      adapter: null,
      tensorCount: 48,
    });
  });

  it('reads a Blob in growing pieces until the header fits', async () => {
    const h = await readGgufHeader(new Blob([real]), { firstReadBytes: 1024 });
    expect(h.tensors).toHaveLength(48);
    expect(h.dataOffset).toBe(parseGgufHeader(real).dataOffset);
  });
});

describe('damaged GGUF files', () => {
  it('a file cut inside its header is truncated', async () => {
    for (const cut of [0, 3, 10, 30, 200, 5000, 14_000]) {
      expect(await problemOf(() => readGgufHeader(new Blob([real.slice(0, cut)]))), `cut at ${cut}`).toBe(
        'truncated',
      );
    }
  });

  it('a file cut inside its tensor data is truncated', async () => {
    for (const cut of [20_000, 600_000, real.length - 1]) {
      expect(await problemOf(() => readGgufHeader(new Blob([real.slice(0, cut)]))), `cut at ${cut}`).toBe(
        'truncated',
      );
    }
  });

  it('the whole file is not', async () => {
    expect(await problemOf(() => readGgufHeader(new Blob([real])))).toBe('none');
  });

  it('another format is bad-magic; a future version is unsupported-version', async () => {
    const onnx = new Uint8Array(64).fill(8);
    expect(await problemOf(() => parseGgufHeader(onnx))).toBe('bad-magic');
    const v9 = real.slice(0, 20_000);
    new DataView(v9.buffer).setUint32(4, 9, true);
    expect(await problemOf(() => parseGgufHeader(v9))).toBe('unsupported-version');
  });

  it('an unknown value type or impossible count is malformed', async () => {
    const badType = real.slice();
    // The first key/value: u64 key length at 24, the key, then its u32 value type.
    const keyLength = Number(new DataView(badType.buffer).getBigUint64(24, true));
    new DataView(badType.buffer).setUint32(32 + keyLength, 77, true);
    expect(await problemOf(() => parseGgufHeader(badType))).toBe('malformed');
    const huge = real.slice();
    new DataView(huge.buffer).setBigUint64(8, 1n << 40n, true);
    expect(await problemOf(() => parseGgufHeader(huge))).toBe('malformed');
  });
});

describe('split files and adapters', () => {
  it('reads split.count and split.no, and names every part of a split model', () => {
    const part = writeGguf(
      [
        { key: 'general.architecture', type: GGUF_TYPE.string, value: 'llama' },
        { key: 'split.no', type: GGUF_TYPE.u16, value: 1 },
        { key: 'split.count', type: GGUF_TYPE.u16, value: 3 },
        { key: 'split.tensors.count', type: GGUF_TYPE.i32, value: 48 },
      ],
      [{ name: 'a', dims: [8], type: 0, data: new Uint8Array(32) }],
    );
    expect(ggufInfo(parseGgufHeader(part)).split).toEqual({ no: 1, count: 3, tensorsCount: 48 });
    expect(splitFileNames('m/model-00002-of-00003.gguf')).toEqual([
      'm/model-00001-of-00003.gguf',
      'm/model-00002-of-00003.gguf',
      'm/model-00003-of-00003.gguf',
    ]);
    expect(splitFileNames('stories260K.gguf')).toEqual(['stories260K.gguf']);
  });

  it('reads a LoRA adapter header', () => {
    const lora = writeGguf(
      [
        { key: 'general.architecture', type: GGUF_TYPE.string, value: 'llama' },
        { key: 'general.type', type: GGUF_TYPE.string, value: 'adapter' },
        { key: 'adapter.type', type: GGUF_TYPE.string, value: 'lora' },
        { key: 'adapter.lora.alpha', type: GGUF_TYPE.f32, value: 4 },
      ],
      [{ name: 'blk.0.attn_q.weight.lora_a', dims: [64, 4], type: 0, data: new Uint8Array(1024) }],
    );
    const h = parseGgufHeader(lora);
    expect(h.expectedSize).toBe(lora.length);
    expect(ggufInfo(h)).toMatchObject({ type: 'adapter', adapter: { type: 'lora', alpha: 4 } });
  });
});
