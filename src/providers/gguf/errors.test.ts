import { describe, expect, it } from 'vitest';
import { TandemError } from '../../core/errors';
import { browserSupport, LogTail, mapGgufError, unsupportedBrowserError } from './errors';
import { GgufFormatError } from './cursor';

describe('GGUF error mapping', () => {
  it('reads an unknown architecture from llama.cpp log lines', () => {
    const logs = [
      "llama_model_load: error loading model: error loading model architecture: unknown model architecture: 'mamba9'",
    ];
    const e = mapGgufError(new Error('llama.cpp could not load the model'), logs, 'm.gguf');
    expect(e.code).toBe('unsupported-architecture');
    expect(e.details?.architecture).toBe('mamba9');
  });

  it('out of memory, from the log or the thrown message', () => {
    expect(
      mapGgufError(new Error('x'), ['ggml_aligned_malloc: failed to allocate 1024.00 MB'], 'm').code,
    ).toBe('out-of-memory');
    expect(mapGgufError(new RangeError('Array buffer allocation failed'), [], 'm').code).toBe(
      'out-of-memory',
    );
    // A word that merely contains the letters is not memory.
    expect(mapGgufError(new Error('bloom room'), [], 'm').code).toBe('model-load-failed');
  });

  it('a header the reader rejects, or llama.cpp reading past the file, is damaged-file', () => {
    const own = mapGgufError(new GgufFormatError('truncated', 'The file ends.'), [], 'm.gguf');
    expect(own.code).toBe('damaged-file');
    expect(own.details).toMatchObject({ problem: 'truncated', remedy: 'verify-repair' });
    const llama = mapGgufError(
      new Error('load failed'),
      ["llama_model_load: error loading model: tensor 'output.weight' data is not within the file bounds"],
      'm.gguf',
    );
    expect(llama.code).toBe('damaged-file');
  });

  it('keeps typed errors and aborts as they are; anything else is a retryable load failure', () => {
    const typed = new TandemError('network', 'cut');
    expect(mapGgufError(typed, [], 'm')).toBe(typed);
    expect(mapGgufError(Object.assign(new Error('x'), { name: 'AbortError' }), [], 'm').code).toBe('aborted');
    const other = mapGgufError(new Error('weird'), ['llama_init: something failed here'], 'm');
    expect(other).toMatchObject({ code: 'model-load-failed', retryable: true });
    expect(other.message).toContain('something failed here');
  });

  it('keeps only the last log lines', () => {
    const tail = new LogTail(3);
    for (let i = 0; i < 5; i++) tail.logger.warn('line', i);
    expect(tail.lines).toEqual(['line 2', 'line 3', 'line 4']);
  });
});

describe('browser support', () => {
  it('this Node has Memory64 or not; a browser without JSPI is told which browsers work', () => {
    const support = browserSupport();
    expect(typeof support.memory64).toBe('boolean');
    const e = unsupportedBrowserError({ jspi: false, memory64: true });
    expect(e?.code).toBe('browser-unsupported');
    expect(e?.message).toContain('JSPI');
    expect(e?.message).toContain('Chrome or Edge 137');
    expect(unsupportedBrowserError({ jspi: true, memory64: true })).toBeNull();
  });

  it('detects JSPI from WebAssembly.Suspending', () => {
    const fake = {
      Memory: WebAssembly.Memory,
      Suspending: function Suspending() {},
    } as unknown as typeof WebAssembly;
    expect(browserSupport(fake).jspi).toBe(true);
    const none = { Memory: WebAssembly.Memory } as unknown as typeof WebAssembly;
    expect(browserSupport(none).jspi).toBe(false);
  });
});
