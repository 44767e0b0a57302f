import { describe, expect, it } from 'vitest';
import { HUB_FILES, dtypeBytes, hubFilesOf, parseHubSize } from './hub-files';
import { TRANSFORMERS_CATALOG, customModelEntry } from './catalog';

const DTYPE_SUFFIX: Record<string, string> = { q4f16: '_q4f16', q4: '_q4', q8: '_quantized', fp16: '_fp16' };

describe('parseHubSize', () => {
  it('reads the Hub page units (decimal)', () => {
    expect(parseHubSize('483 MB')).toBe(483e6);
    expect(parseHubSize('2.1 GB')).toBe(2.1e9);
    expect(parseHubSize('966 kB')).toBe(966e3);
    expect(() => parseHubSize('2,1 GB')).toThrow(/not a Hub size/);
  });
});

describe('the cited Hub table', () => {
  it('cites each repo by its own Hub files page', () => {
    for (const r of HUB_FILES) {
      expect(r.source, r.repo).toMatch(new RegExp(`^https://huggingface\\.co/${r.repo}/tree/main/onnx$`));
    }
  });

  it('names files the way transformers.js 4.3 asks for them (suffix per dtype, _data, _data_1, …)', () => {
    for (const r of HUB_FILES) {
      for (const [dtype, files] of Object.entries(r.dtypes)) {
        const graph = `onnx/${r.modelFileName ?? 'model'}${DTYPE_SUFFIX[dtype]}.onnx`;
        expect(files!.graph.path, `${r.repo} ${dtype}`).toBe(graph);
        if (files!.encoder) {
          expect(files!.encoder.path).toBe(`onnx/encoder_model${DTYPE_SUFFIX[dtype]}.onnx`);
          expect(r.modelFileName, r.repo).toBe('decoder_model_merged');
        }
        expect(files!.data.map((f) => f.path)).toEqual(
          files!.data.map((_, i) => `${graph}_data${i === 0 ? '' : `_${i}`}`),
        );
      }
    }
  });
});

describe('TRANSFORMERS_CATALOG against the cited Hub table', () => {
  it.each(TRANSFORMERS_CATALOG.map((e) => [e.id, e] as const))('%s', (_id, entry) => {
    const hub = hubFilesOf(entry.repo);
    expect(hub, entry.repo).toBeDefined();
    for (const device of ['webgpu', 'wasm'] as const) {
      const dtype = entry.dtype[device];
      if (dtype === undefined) {
        expect(entry.sizeMB[device]).toBeNull();
        expect(entry.files[device]).toEqual([]);
        continue;
      }
      const files = hub!.dtypes[dtype as keyof NonNullable<typeof hub>['dtypes']];
      expect(files, `${entry.repo} ${dtype}`).toBeDefined();
      expect(entry.files[device]).toEqual([
        ...(files!.encoder ? [files!.encoder.path] : []),
        files!.graph.path,
        ...files!.data.map((f) => f.path),
      ]);
      expect(entry.task === 'text2text-generation', entry.id).toBe(files!.encoder !== undefined);
      expect(entry.externalDataChunks[device]).toBe(files!.data.length);
      expect(entry.sizeMB[device]).toBe(Math.round(dtypeBytes(files!) / 2 ** 20));
    }
    expect(entry.modelFileName).toBe(hub!.modelFileName);
  });

  it('has unique ids, a superseding entry that exists, and a model for every backend', () => {
    const ids = TRANSFORMERS_CATALOG.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of TRANSFORMERS_CATALOG) if (e.supersededBy) expect(ids, e.id).toContain(e.supersededBy);
    expect(TRANSFORMERS_CATALOG.some((e) => e.dtype.wasm !== undefined)).toBe(true);
    expect(TRANSFORMERS_CATALOG.some((e) => e.dtype.webgpu !== undefined)).toBe(true);
  });

  it('includes models with one and with two external-data chunks (Llama 3.2 3B, Phi-4 mini)', () => {
    const byId = new Map(TRANSFORMERS_CATALOG.map((e) => [e.id, e]));
    expect(byId.get('llama-3.2-3b-instruct')?.externalDataChunks.webgpu).toBe(1);
    expect(byId.get('phi-4-mini-instruct')?.files.webgpu).toEqual([
      'onnx/model_q4f16.onnx',
      'onnx/model_q4f16.onnx_data',
      'onnx/model_q4f16.onnx_data_1',
    ]);
    // 291 kB + 1.99 GB + 1.42 GB
    expect(byId.get('phi-4-mini-instruct')?.sizeMB.webgpu).toBe(Math.round(3.410291e9 / 2 ** 20));
  });

  it('keeps the seeds TinyLlama (CPU, q8 from decoder_model_merged) and Phi', () => {
    const tiny = TRANSFORMERS_CATALOG.find((e) => e.id === 'tinyllama-1.1b-chat')!;
    expect(tiny.modelFileName).toBe('decoder_model_merged');
    expect(tiny.files.wasm).toEqual(['onnx/decoder_model_merged_quantized.onnx']);
    expect(tiny.dtype.webgpu).toBeUndefined();
    expect(TRANSFORMERS_CATALOG.some((e) => e.family === 'Phi')).toBe(true);
  });

  it("offers seed 001's LaMini-Flan-T5-783M and Flan-T5 small/base fine-tunes as encoder-decoders", () => {
    const t5 = TRANSFORMERS_CATALOG.find((e) => e.id === 'lamini-flan-t5-783m')!;
    expect(t5.task).toBe('text2text-generation');
    expect(t5.files.wasm).toEqual([
      'onnx/encoder_model_quantized.onnx',
      'onnx/decoder_model_merged_quantized.onnx',
    ]);
    // 343 MB + 479 MB
    expect(t5.sizeMB.wasm).toBe(Math.round(822e6 / 2 ** 20));
    const families = TRANSFORMERS_CATALOG.filter((e) => e.family === 'Flan-T5').map((e) => e.parameters);
    expect(families).toEqual(['783M', '248M', '77M']);
  });

  it('gives custom models no file list (their repo decides)', () => {
    const c = customModelEntry('someone/model-ONNX');
    expect(c.files).toEqual({ webgpu: [], wasm: [] });
    expect(c.externalDataChunks).toEqual({ webgpu: 0, wasm: 0 });
  });
});
