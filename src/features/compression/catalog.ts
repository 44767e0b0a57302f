/** LLMLingua-2 compression models (token classification, BERT-multilingual tokenizer). */

export interface CompressionModelEntry {
  repo: string;
  label: string;
  /** Folder of the ONNX file in the repo. */
  subfolder: string;
  /** Download size in MB when known before asking the host. */
  sizeMB: number | null;
}

/** LLMLingua-2 BERT-base multilingual (MeetingBank), exported to ONNX (fp32, model.onnx at the root). */
export const DEFAULT_LLMLINGUA_MODEL = 'Arcoldd/llmlingua4j-bert-base-onnx';

export const LLMLINGUA_CATALOG: readonly CompressionModelEntry[] = [
  {
    repo: DEFAULT_LLMLINGUA_MODEL,
    label: 'LLMLingua-2 BERT-base multilingual',
    subfolder: '',
    sizeMB: 710,
  },
];

export function compressionModelEntry(repo: string): CompressionModelEntry {
  return (
    LLMLINGUA_CATALOG.find((e) => e.repo === repo) ?? {
      repo,
      label: repo.split('/').pop() ?? repo,
      subfolder: 'onnx',
      sizeMB: null,
    }
  );
}

/** URL of the model's ONNX weights on a host with the Hub's layout. */
export function weightsUrl(host: string, entry: CompressionModelEntry): string {
  const folder = entry.subfolder ? `${entry.subfolder}/` : '';
  return `${host.replace(/\/?$/, '/')}${entry.repo}/resolve/main/${folder}model.onnx`;
}
