import { describe, expect, it } from 'vitest';
import { GGUF_CATALOG, customGgufEntry, ggufChoiceProblem, isValidGgufFile } from './gguf-catalog';

describe('GGUF catalog and added models', () => {
  it('accepts a repo and a .gguf path, refuses anything else', () => {
    expect(ggufChoiceProblem('ggml-org/models', 'tinyllamas/stories260K.gguf')).toBeNull();
    expect(ggufChoiceProblem('not a repo', 'x.gguf')).toMatch(/owner\/name/);
    expect(isValidGgufFile('model.bin')).toBe(false);
    expect(isValidGgufFile('../secret.gguf')).toBe(false);
    expect(isValidGgufFile('a/./b.gguf')).toBe(false);
    expect(isValidGgufFile('/abs.gguf')).toBe(false);
    expect(isValidGgufFile('Q4_K_M/model-Q4_K_M.gguf')).toBe(true);
  });

  it('an added split model is all of its parts, in order', () => {
    const e = customGgufEntry({ repo: 'o/m', file: 'm-Q4_K_M-00001-of-00003.gguf' });
    expect(e.files).toEqual([
      'm-Q4_K_M-00001-of-00003.gguf',
      'm-Q4_K_M-00002-of-00003.gguf',
      'm-Q4_K_M-00003-of-00003.gguf',
    ]);
    expect(e.label).toBe('m-Q4_K_M (3 parts)');
    expect(e.chat).toBeNull();
    expect(e.custom).toBe(true);
  });

  it('catalog entries have unique ids and valid files', () => {
    const ids = GGUF_CATALOG.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of GGUF_CATALOG) {
      expect(ggufChoiceProblem(e.repo, e.files[0]!), e.id).toBeNull();
      expect(e.sizeBytes, e.id).toBeGreaterThan(0);
    }
  });
});

describe('GGUF fit requirements', () => {
  it('come from the file size and the device', async () => {
    const { ggufRequirements } = await import('./requirements');
    const llama = GGUF_CATALOG.find((e) => e.id === 'gguf:llama-3.2-3b-instruct-q4_k_m')!;
    expect(ggufRequirements(llama, 'wasm', false)).toMatchObject({
      backend: 'gguf',
      device: 'wasm',
      vramRequiredMB: null,
      downloadBytes: 2_020_000_000,
      parametersB: 3.2,
    });
    expect(ggufRequirements(llama, 'webgpu', true).vramRequiredMB).toBe(
      Math.round((2_020_000_000 / 1048576) * 1.2),
    );
  });
});
