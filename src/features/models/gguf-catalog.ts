/**
 * GGUF models Tandem offers (llama.cpp through wllama), and the ones a user adds by Hub repository
 * and file name. Each file is downloaded from `<model host><repo>/resolve/main/<file>`; a split
 * model (`-00001-of-0000N.gguf`) is every part, in order. Whether a model is a chat model comes
 * from its own GGUF (`tokenizer.chat_template`) once loaded: `chat: null` until then.
 *
 * Every repo and file below was checked against its published Hub page (cited beside it).
 */
import { splitFileNames } from '../../providers/gguf/metadata';
import { isValidRepoId } from '../../core/repo-id';
import { formatBytes } from '../../ui/format';

export interface GgufModelEntry {
  id: string;
  label: string;
  family: string;
  /** Billions of parameters, when known (the fit label's CPU rule uses it). */
  parametersB?: number;
  repo: string;
  /** Every file of the model, in order (one unless split). */
  files: string[];
  /** Download size (bytes, all parts) as published; null for an added model until it is known. */
  sizeBytes: number | null;
  /** Context window Tandem allocates (tokens); at most the model's own. */
  contextWindow: number;
  /** Has a chat template (true), continues text (false), or not known before loading (null). */
  chat: boolean | null;
  description: string;
  /** Added by the user on the Models page. */
  custom?: boolean;
}

const MB = 1_000_000;

export const GGUF_CATALOG: GgufModelEntry[] = [
  {
    // https://huggingface.co/ggml-org/models/blob/main/tinyllamas/stories260K.gguf (llama.cpp's test
    // models; Karpathy's llama2.c TinyStories, MIT). 1,185,376 bytes (tests/fixtures/models/gguf/README.md).
    id: 'gguf:stories260K',
    label: 'TinyStories 260K (text completion)',
    family: 'Llama',
    parametersB: 0.00026,
    repo: 'ggml-org/models',
    files: ['tinyllamas/stories260K.gguf'],
    sizeBytes: 1_185_376,
    contextWindow: 2048,
    chat: false,
    description:
      'A 260K-parameter story writer: it continues the text you give it. 1 MB, for trying the engine.',
  },
  // https://huggingface.co/TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF/tree/refs%2Fpr%2F3 lists
  // tinyllama-1.1b-chat-v1.0.Q2_K.gguf (483 MB) and tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf; copies of the
  // same Q4_K_M file are 668 MB (https://huggingface.co/pcuenq/TinyLlama-1.1B-Chat-v1.0-Q4_K_M-GGUF/tree/main).
  tinyLlama('Q2_K', 483),
  tinyLlama('Q4_K_M', 668),
  {
    // https://huggingface.co/TheBloke/phi-2-GGUF/tree/main: phi-2.Q4_K_M.gguf, 1.79 GB. Phi-2 is a base
    // model; whether this conversion carries a chat template is read from the file.
    id: 'gguf:phi-2-q4_k_m',
    label: 'Phi-2 2.7B (Q4_K_M)',
    family: 'Phi',
    parametersB: 2.7,
    repo: 'TheBloke/phi-2-GGUF',
    files: ['phi-2.Q4_K_M.gguf'],
    sizeBytes: 1790 * MB,
    contextWindow: 2048,
    chat: null,
    description: 'Microsoft Phi-2: strong at reasoning and code for its size. 1.8 GB.',
  },
  {
    // https://huggingface.co/mrmage/stablelm-2-1_6b-chat-Q4_K_M-GGUF/tree/main:
    // stablelm-2-1_6b-chat-q4_k_m.gguf, 1.03 GB (stabilityai/stablelm-2-1_6b-chat via llama.cpp's gguf-my-repo).
    id: 'gguf:stablelm-2-1_6b-chat-q4_k_m',
    label: 'StableLM 2 1.6B Chat (Q4_K_M)',
    family: 'StableLM',
    parametersB: 1.6,
    repo: 'mrmage/stablelm-2-1_6b-chat-Q4_K_M-GGUF',
    files: ['stablelm-2-1_6b-chat-q4_k_m.gguf'],
    sizeBytes: 1030 * MB,
    contextWindow: 4096,
    chat: null,
    description: 'Stability AI StableLM 2 1.6B, chat-tuned. 1 GB.',
  },
  {
    // https://huggingface.co/Qwen/Qwen3-0.6B-GGUF (Qwen's own GGUF repo, in the Hub's model list
    // https://huggingface.co/models?search=Qwen%203%200.6B%20GGUF); several public projects fetch its
    // file as .../Qwen/Qwen3-0.6B-GGUF/resolve/main/Qwen3-0.6B-Q8_0.gguf (~639 MB).
    id: 'gguf:qwen3-0.6b-q8_0',
    label: 'Qwen3 0.6B (Q8_0)',
    family: 'Qwen',
    parametersB: 0.6,
    repo: 'Qwen/Qwen3-0.6B-GGUF',
    files: ['Qwen3-0.6B-Q8_0.gguf'],
    sizeBytes: 639 * MB,
    contextWindow: 4096,
    chat: true,
    description: 'Qwen3 0.6B: multilingual, thinks before it answers. 640 MB.',
  },
  {
    // https://huggingface.co/unsloth/gemma-3-1b-it-GGUF/tree/main: gemma-3-1b-it-Q4_K_M.gguf, 806 MB.
    id: 'gguf:gemma-3-1b-it-q4_k_m',
    label: 'Gemma 3 1B IT (Q4_K_M)',
    family: 'Gemma',
    parametersB: 1,
    repo: 'unsloth/gemma-3-1b-it-GGUF',
    files: ['gemma-3-1b-it-Q4_K_M.gguf'],
    sizeBytes: 806 * MB,
    contextWindow: 4096,
    chat: true,
    description: 'Google Gemma 3 1B, instruction-tuned (Gemma licence). 810 MB.',
  },
  {
    // https://huggingface.co/bartowski/Llama-3.2-1B-Instruct-GGUF/tree/main (and its history):
    // Llama-3.2-1B-Instruct-Q4_K_M.gguf, 808 MB.
    id: 'gguf:llama-3.2-1b-instruct-q4_k_m',
    label: 'Llama 3.2 1B Instruct (Q4_K_M)',
    family: 'Llama',
    parametersB: 1.2,
    repo: 'bartowski/Llama-3.2-1B-Instruct-GGUF',
    files: ['Llama-3.2-1B-Instruct-Q4_K_M.gguf'],
    sizeBytes: 808 * MB,
    contextWindow: 4096,
    chat: true,
    description: 'Meta Llama 3.2 1B, instruction-tuned (Llama 3.2 licence). 810 MB.',
  },
  {
    // https://huggingface.co/bartowski/Llama-3.2-3B-Instruct-GGUF/tree/main:
    // Llama-3.2-3B-Instruct-Q4_K_M.gguf, 2.02 GB.
    id: 'gguf:llama-3.2-3b-instruct-q4_k_m',
    label: 'Llama 3.2 3B Instruct (Q4_K_M)',
    family: 'Llama',
    parametersB: 3.2,
    repo: 'bartowski/Llama-3.2-3B-Instruct-GGUF',
    files: ['Llama-3.2-3B-Instruct-Q4_K_M.gguf'],
    sizeBytes: 2020 * MB,
    contextWindow: 4096,
    chat: true,
    description: 'Meta Llama 3.2 3B, instruction-tuned (Llama 3.2 licence). 2 GB.',
  },
];

/** TheBloke's TinyLlama 1.1B Chat v1.0 in one quantisation (seed 003 evaluates the Q2_K file). */
function tinyLlama(quant: 'Q2_K' | 'Q4_K_M', sizeMB: number): GgufModelEntry {
  return {
    id: `gguf:tinyllama-1.1b-chat-${quant.toLowerCase()}`,
    label: `TinyLlama 1.1B Chat (${quant})`,
    family: 'Llama',
    parametersB: 1.1,
    repo: 'TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF',
    files: [`tinyllama-1.1b-chat-v1.0.${quant}.gguf`],
    sizeBytes: sizeMB * MB,
    contextWindow: 2048,
    chat: null,
    description: `TinyLlama 1.1B Chat v1.0, ${quant === 'Q2_K' ? 'the smallest quantisation' : 'the usual 4-bit quantisation'}. ${sizeMB} MB.`,
  };
}

/** The id an added model gets, from its repo and first file. */
export function ggufEntryId(repo: string, file: string): string {
  return `gguf:${repo}/${file}`;
}

/** A GGUF file path in a repo: relative, no "..", ends with .gguf. */
export function isValidGgufFile(file: string): boolean {
  return (
    file.length > 5 &&
    file.length <= 200 &&
    /^[\w.-]+(\/[\w.-]+)*\.gguf$/i.test(file) &&
    !file.split('/').some((part) => part === '..' || part === '.')
  );
}

/** Why an added model is refused (null: it is fine). Decided on the value, shown as text. */
export function ggufChoiceProblem(repo: string, file: string): string | null {
  if (!isValidRepoId(repo)) return 'The Hub repository must look like owner/name.';
  if (!isValidGgufFile(file)) return 'The GGUF file must be a path in that repository ending with .gguf.';
  return null;
}

export function customGgufEntry(choice: { repo: string; file: string }): GgufModelEntry {
  const files = splitFileNames(choice.file);
  const name = choice.file.split('/').pop() ?? choice.file;
  return {
    id: ggufEntryId(choice.repo, choice.file),
    label: files.length > 1 ? `${name.replace(/-\d{5}-of-\d{5}\.gguf$/i, '')} (${files.length} parts)` : name,
    family: choice.repo,
    repo: choice.repo,
    files,
    sizeBytes: null,
    contextWindow: 4096,
    chat: null,
    description: `${choice.repo} — added by you.`,
    custom: true,
  };
}

/** Megabytes shown on a card. */
export function ggufSizeLabel(entry: GgufModelEntry): string {
  if (entry.sizeBytes === null) return 'size shown after download';
  // The one size style of the Models page (formatBytes): "1.9 GB", never "2018 MB".
  return formatBytes(entry.sizeBytes);
}
