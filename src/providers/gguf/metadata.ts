/**
 * What Tandem needs to know of a GGUF file, read from its header: the architecture, whether it is
 * a chat model (it carries `tokenizer.chat_template`) or a text-completion model, its context
 * window, split info (`split.count`, `split.no`) and, for a LoRA adapter, its type and alpha.
 */
import type { GgufValue } from './cursor';
import type { GgufHeader } from './header';

export interface GgufSplit {
  /** 0-based number of this file. */
  no: number;
  count: number;
  /** Tensors in all files together. */
  tensorsCount: number | null;
}

export interface GgufInfo {
  /** `general.type`: "model" unless the file says otherwise ("adapter" for LoRA). */
  type: string;
  architecture: string | null;
  name: string | null;
  /** The Jinja chat template; null: a text-completion model (the app continues the text). */
  chatTemplate: string | null;
  contextLength: number | null;
  /** `general.file_type` (llama.cpp's LLAMA_FTYPE), when present. */
  fileType: number | null;
  split: GgufSplit | null;
  /** For `general.type = adapter`. */
  adapter: { type: string | null; alpha: number | null } | null;
  tensorCount: number;
}

function str(v: GgufValue | undefined): string | null {
  return typeof v === 'string' ? v : null;
}

function num(v: GgufValue | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function ggufInfo(header: GgufHeader): GgufInfo {
  const m = header.metadata;
  const architecture = str(m.get('general.architecture'));
  const type = str(m.get('general.type')) ?? 'model';
  const splitCount = num(m.get('split.count'));
  return {
    type,
    architecture,
    name: str(m.get('general.name')),
    chatTemplate: str(m.get('tokenizer.chat_template')),
    contextLength: architecture ? num(m.get(`${architecture}.context_length`)) : null,
    fileType: num(m.get('general.file_type')),
    split:
      splitCount !== null && splitCount > 1
        ? {
            no: num(m.get('split.no')) ?? 0,
            count: splitCount,
            tensorsCount: num(m.get('split.tensors.count')),
          }
        : null,
    adapter:
      type === 'adapter'
        ? { type: str(m.get('adapter.type')), alpha: num(m.get('adapter.lora.alpha')) }
        : null,
    tensorCount: header.tensors.length,
  };
}

const SPLIT_RE = /-(\d{5})-of-(\d{5})\.gguf$/;

/** `x-00001-of-00003.gguf` -> the three file names in order; any other name -> itself. */
export function splitFileNames(file: string): string[] {
  const m = SPLIT_RE.exec(file);
  if (!m) return [file];
  const total = Number(m[2]);
  if (total < 1 || total > 999) return [file];
  const base = file.slice(0, m.index);
  return Array.from({ length: total }, (_, i) => `${base}-${String(i + 1).padStart(5, '0')}-of-${m[2]}.gguf`);
}
