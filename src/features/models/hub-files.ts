/**
 * The ONNX files of each built-in transformers.js model, as its Hugging Face Hub page lists them.
 *
 * Each repo below was looked up on its Hub "Files" page (`source`, the `tree/…/onnx` listing)
 * and the file names and sizes are copied as that page prints them (decimal units: "2.1 GB" is
 * 2.1e9 bytes). Nothing here is guessed: a dtype appears only when its files were on the page.
 * The catalog (lib/models/catalog.ts) takes its dtypes, file lists, external-data chunk counts
 * and download sizes from this table, and `catalog.test.ts` checks that they agree.
 *
 * Layout that transformers.js 4.3 loads (node_modules/@huggingface/transformers/src/utils/
 * model-loader.js): `onnx/{name}{suffix}.onnx` where the suffix comes from the dtype
 * (`q4f16` → `_q4f16`, `q4` → `_q4`, `q8` → `_quantized`, `fp32` → none), plus, when the
 * weights are stored outside the graph, `{file}_data`, `{file}_data_1`, … (one per chunk; the
 * Hub's 2 GB-per-file habit splits bigger weights).
 */

export interface HubFile {
  path: string;
  /** Size as the Hub page prints it, e.g. "483 MB", "2.1 GB", "966 kB". */
  size: string;
}

export interface HubDtypeFiles {
  /** The graph, `onnx/{name}{suffix}.onnx` (an encoder-decoder's merged decoder). */
  graph: HubFile;
  /** An encoder-decoder's encoder graph, `onnx/encoder_model{suffix}.onnx`. */
  encoder?: HubFile;
  /** External weights, in chunk order (`…onnx_data`, `…onnx_data_1`, …); empty when inline. */
  data: HubFile[];
}

export interface HubRepoFiles {
  repo: string;
  /** The Hub page the files were read from. */
  source: string;
  /** Base name of the ONNX graph when it is not "model" (older Xenova exports). */
  modelFileName?: string;
  dtypes: Partial<Record<'q4f16' | 'q4' | 'q8' | 'fp16', HubDtypeFiles>>;
}

const single = (path: string, size: string): HubDtypeFiles => ({ graph: { path, size }, data: [] });
/** An encoder-decoder (T5): `encoder_model{suffix}.onnx` + `decoder_model_merged{suffix}.onnx`. */
const seq2seq = (suffix: string, encoderSize: string, decoderSize: string): HubDtypeFiles => ({
  encoder: { path: `onnx/encoder_model${suffix}.onnx`, size: encoderSize },
  graph: { path: `onnx/decoder_model_merged${suffix}.onnx`, size: decoderSize },
  data: [],
});

export const HUB_FILES: readonly HubRepoFiles[] = [
  {
    repo: 'onnx-community/Qwen2.5-0.5B-Instruct',
    source: 'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main/onnx',
    dtypes: {
      q4f16: single('onnx/model_q4f16.onnx', '483 MB'),
      q4: single('onnx/model_q4.onnx', '786 MB'),
    },
  },
  {
    repo: 'onnx-community/Qwen2.5-1.5B-Instruct',
    source: 'https://huggingface.co/onnx-community/Qwen2.5-1.5B-Instruct/tree/main/onnx',
    dtypes: {
      q4f16: single('onnx/model_q4f16.onnx', '1.22 GB'),
      q4: single('onnx/model_q4.onnx', '1.79 GB'),
    },
  },
  {
    repo: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    source: 'https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct/tree/main/onnx',
    dtypes: {
      q4f16: single('onnx/model_q4f16.onnx', '299 MB'),
      q4: single('onnx/model_q4.onnx', '417 MB'),
    },
  },
  {
    // The main branch has only `decoder_model_merged*` files: no q4/q4f16 (the old catalog asked
    // for `onnx/model_q4f16.onnx`, which this repo does not have).
    repo: 'Xenova/TinyLlama-1.1B-Chat-v1.0',
    source: 'https://huggingface.co/Xenova/TinyLlama-1.1B-Chat-v1.0/tree/main/onnx',
    modelFileName: 'decoder_model_merged',
    dtypes: { q8: single('onnx/decoder_model_merged_quantized.onnx', '1.1 GB') },
  },
  {
    repo: 'onnx-community/Llama-3.2-1B-Instruct-q4f16',
    source: 'https://huggingface.co/onnx-community/Llama-3.2-1B-Instruct-q4f16/tree/main/onnx',
    dtypes: { q4f16: single('onnx/model_q4f16.onnx', '1.24 GB') },
  },
  {
    repo: 'onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX',
    source: 'https://huggingface.co/onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX/tree/main/onnx',
    dtypes: {
      q4f16: single('onnx/model_q4f16.onnx', '1.37 GB'),
      q4: single('onnx/model_q4.onnx', '1.97 GB'),
    },
  },
  {
    repo: 'onnx-community/Phi-3.5-mini-instruct-onnx-web',
    source: 'https://huggingface.co/onnx-community/Phi-3.5-mini-instruct-onnx-web/tree/main/onnx',
    dtypes: {
      q4f16: {
        graph: { path: 'onnx/model_q4f16.onnx', size: '220 MB' },
        data: [{ path: 'onnx/model_q4f16.onnx_data', size: '2.1 GB' }],
      },
    },
  },
  {
    repo: 'onnx-community/Llama-3.2-3B-Instruct',
    source: 'https://huggingface.co/onnx-community/Llama-3.2-3B-Instruct/tree/main/onnx',
    dtypes: {
      q4f16: {
        graph: { path: 'onnx/model_q4f16.onnx', size: '966 kB' },
        data: [{ path: 'onnx/model_q4f16.onnx_data', size: '2.37 GB' }],
      },
      q4: {
        graph: { path: 'onnx/model_q4.onnx', size: '951 kB' },
        data: [{ path: 'onnx/model_q4.onnx_data', size: '3.34 GB' }],
      },
    },
  },
  {
    repo: 'onnx-community/LFM2-700M-ONNX',
    source: 'https://huggingface.co/onnx-community/LFM2-700M-ONNX/tree/main/onnx',
    dtypes: {
      q4f16: {
        graph: { path: 'onnx/model_q4f16.onnx', size: '181 kB' },
        data: [{ path: 'onnx/model_q4f16.onnx_data', size: '579 MB' }],
      },
      q4: {
        graph: { path: 'onnx/model_q4.onnx', size: '180 kB' },
        data: [{ path: 'onnx/model_q4.onnx_data', size: '839 MB' }],
      },
    },
  },
  {
    repo: 'onnx-community/Phi-4-mini-instruct-web-q4f16',
    source: 'https://huggingface.co/onnx-community/Phi-4-mini-instruct-web-q4f16/tree/main/onnx',
    dtypes: {
      q4f16: {
        graph: { path: 'onnx/model_q4f16.onnx', size: '291 kB' },
        data: [
          { path: 'onnx/model_q4f16.onnx_data', size: '1.99 GB' },
          { path: 'onnx/model_q4f16.onnx_data_1', size: '1.42 GB' },
        ],
      },
    },
  },
  {
    // Seed 001's default local model, an encoder-decoder (text2text-generation). Read from the
    // listing https://huggingface.co/Xenova/LaMini-Flan-T5-783M/tree/7bc46d6f034d1237cecebe83cd5f4c2a51dbcf61/onnx
    // (3 commits, the newest "Upload fp16 ONNX weights"): encoder_model_quantized.onnx 343 MB,
    // decoder_model_merged_quantized.onnx 479 MB; fp16 has decoder_model_merged_fp16.onnx (951 MB)
    // but no encoder_model_fp16.onnx, so no fp16 here; fp32 is 1.37 GB + 1.9 GB.
    repo: 'Xenova/LaMini-Flan-T5-783M',
    source: 'https://huggingface.co/Xenova/LaMini-Flan-T5-783M/tree/main/onnx',
    modelFileName: 'decoder_model_merged',
    dtypes: { q8: seq2seq('_quantized', '343 MB', '479 MB') },
  },
  {
    // LaMini's Flan-T5-small fine-tune. The main listing (4 commits, "Upload fp16 ONNX weights"):
    // encoder_model_quantized.onnx 35.8 MB, decoder_model_merged_quantized.onnx 59.3 MB,
    // encoder_model_fp16.onnx 70.8 MB, decoder_model_merged_fp16.onnx 117 MB.
    // (Xenova/flan-t5-small's onnx folder changed weeks ago, "Add/update the quantized ONNX model
    // files … for Transformers.js v3 (#3)", and no listing of it after that was found: not added.)
    repo: 'Xenova/LaMini-Flan-T5-77M',
    source: 'https://huggingface.co/Xenova/LaMini-Flan-T5-77M/tree/main/onnx',
    modelFileName: 'decoder_model_merged',
    dtypes: {
      q8: seq2seq('_quantized', '35.8 MB', '59.3 MB'),
      fp16: seq2seq('_fp16', '70.8 MB', '117 MB'),
    },
  },
  {
    // LaMini's Flan-T5-base fine-tune. The main listing (4 commits, "Upload fp16 ONNX weights"):
    // encoder_model_quantized.onnx 111 MB, decoder_model_merged_quantized.onnx 165 MB,
    // encoder_model_fp16.onnx 220 MB, decoder_model_merged_fp16.onnx 326 MB.
    repo: 'Xenova/LaMini-Flan-T5-248M',
    source: 'https://huggingface.co/Xenova/LaMini-Flan-T5-248M/tree/main/onnx',
    modelFileName: 'decoder_model_merged',
    dtypes: {
      q8: seq2seq('_quantized', '111 MB', '165 MB'),
      fp16: seq2seq('_fp16', '220 MB', '326 MB'),
    },
  },
];

const UNIT: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 };

/** "2.1 GB" → 2_100_000_000 (the Hub prints decimal units). */
export function parseHubSize(size: string): number {
  const m = /^(\d+(?:\.\d+)?) (B|kB|MB|GB)$/.exec(size);
  if (!m) throw new Error(`not a Hub size: ${size}`);
  return Number(m[1]) * UNIT[m[2]!]!;
}

/** Every file of one dtype, in load order: the encoder (if any), the graph, its external data. */
export function dtypeFileList(files: HubDtypeFiles): HubFile[] {
  return [...(files.encoder ? [files.encoder] : []), files.graph, ...files.data];
}

/** Bytes of one dtype: the encoder (if any), the graph and every external-data chunk. */
export function dtypeBytes(files: HubDtypeFiles): number {
  return dtypeFileList(files).reduce((n, f) => n + parseHubSize(f.size), 0);
}

export function hubFilesOf(repo: string): HubRepoFiles | undefined {
  return HUB_FILES.find((r) => r.repo === repo);
}
